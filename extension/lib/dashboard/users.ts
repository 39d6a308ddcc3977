/**
 * The dashboard's users table: search and filters, pages, selection, and "Send invitation" to the
 * selected users with the errors of each user kept beside their row.
 */
import { computed, signal } from '@preact/signals';
import type {
  BulkInviteResponse,
  InvitationState,
  MemberDto,
  MemberStatus,
} from '../../../shared/api';
import type { AppState } from '../app-state';
import { debounce } from '../debounce';
import { callAdmin } from './admin';
import type { Locale } from '../../../shared/locales';

export type UsersState = ReturnType<typeof createUsersState>;

export interface UserFilters {
  q: string;
  status: MemberStatus | '';
  invitation: InvitationState | '';
  /** Dates like `2024-05-01`: registered or last active from (inclusive) / before (exclusive). */
  registeredFrom: string;
  registeredTo: string;
  activeFrom: string;
  activeTo: string;
}

export function createUsersState(app: AppState, delay = 250) {
  const filters = signal<UserFilters>({
    q: '',
    status: '',
    invitation: '',
    registeredFrom: '',
    registeredTo: '',
    activeFrom: '',
    activeTo: '',
  });
  const items = signal<MemberDto[]>([]);
  const nextCursor = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<unknown>(null);
  const selected = signal<ReadonlySet<string>>(new Set());
  const sending = signal(false);
  const inviteResult = signal<BulkInviteResponse | null>(null);
  /** userId → why the last invitation to them failed. */
  const rowErrors = computed(
    () => new Map((inviteResult.value?.errors ?? []).map((e) => [e.userId, e.message])),
  );
  const allSelected = computed(
    () => items.value.length > 0 && items.value.every((m) => selected.value.has(m.userId)),
  );
  let latest = 0;

  async function load(more = false): Promise<void> {
    const request = ++latest;
    const { q, status, invitation, ...dates } = filters.value;
    loading.value = true;
    error.value = null;
    try {
      const page = await callAdmin(app, (api, orgId) =>
        api.members.list(orgId, {
          q: q.trim() || undefined,
          status: status || undefined,
          invitation: invitation || undefined,
          ...dates,
          cursor: more ? (nextCursor.value ?? undefined) : undefined,
          limit: 50,
        }),
      );
      if (request !== latest) return;
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      if (!more) selected.value = new Set();
    } catch (e) {
      if (request === latest) error.value = e;
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  const loadSoon = debounce(() => void load(), delay);

  function setFilters(patch: Partial<UserFilters>): void {
    filters.value = { ...filters.value, ...patch };
    if (patch.q !== undefined) loadSoon();
    else void load();
  }

  function toggle(userId: string, on: boolean): void {
    const next = new Set(selected.value);
    if (on) next.add(userId);
    else next.delete(userId);
    selected.value = next;
  }

  function toggleAll(on: boolean): void {
    selected.value = on ? new Set(items.value.map((m) => m.userId)) : new Set();
  }

  /**
   * Invites (or invites again) every selected user; each row then shows its new invitation state or
   * its error.
   */
  async function invite(channel: 'email' | 'sms', locale?: Locale): Promise<void> {
    const userIds = [...selected.value];
    if (userIds.length === 0) return;
    sending.value = true;
    error.value = null;
    try {
      const result = await callAdmin(app, (api, orgId) =>
        api.members.invite(orgId, locale ? { userIds, channel, locale } : { userIds, channel }),
      );
      inviteResult.value = result;
      // Shown in place rather than reloaded, so a filter does not hide the rows the user just acted
      // on.
      const failed = new Map(result.errors.map((e) => [e.userId, e.message]));
      const sent = new Set(userIds);
      items.value = items.value.map((m) =>
        !sent.has(m.userId)
          ? m
          : failed.has(m.userId)
            ? { ...m, invitationState: 'error', invitationError: failed.get(m.userId) ?? null }
            : { ...m, invitationState: 'queued', invitationError: null },
      );
      selected.value = new Set();
    } catch (e) {
      error.value = e;
    } finally {
      sending.value = false;
    }
  }

  /** Shows a member as the server now has them (after an edit), in the same place. */
  function replace(member: MemberDto): void {
    items.value = items.value.map((m) => (m.userId === member.userId ? member : m));
  }

  async function remove(member: MemberDto): Promise<void> {
    error.value = null;
    try {
      await callAdmin(app, (api, orgId) => api.members.remove(orgId, member.userId));
      items.value = items.value.filter((m) => m.userId !== member.userId);
      toggle(member.userId, false);
    } catch (e) {
      error.value = e;
    }
  }

  return {
    filters,
    items,
    nextCursor,
    loading,
    error,
    selected,
    sending,
    inviteResult,
    rowErrors,
    allSelected,
    load,
    setFilters,
    toggle,
    toggleAll,
    invite,
    replace,
    remove,
  };
}
