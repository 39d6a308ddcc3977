/**
 * "Edit user": a member's role, department and profile. The form starts from the member as listed
 * and sends only what changed; a cleared optional field becomes null. Errors are named per field,
 * by the same schema the server uses and then by the server's own `fields`; a refusal (an admin
 * editing or making an owner: 403) is kept as the error to show.
 */
import { signal } from '@preact/signals';
import type { MemberDto, PatchMemberRequest, Role } from '../../../shared/api';
import { patchMemberRequestSchema } from '../../../shared/api/members';
import { ApiError } from '../../../shared/client';
import type { AppState } from '../app-state';
import { callAdmin } from './admin';
import { validate, type FieldErrors } from './validate';

export interface MemberForm {
  firstName: string;
  lastName: string;
  gender: string;
  birthday: string;
  phone: string;
  departmentId: string;
  position: string;
  role: Role;
}

/** Fields the server lets us clear (send as null); first and last name stay required once given. */
const CLEARABLE: readonly (keyof MemberForm)[] = [
  'gender',
  'birthday',
  'phone',
  'departmentId',
  'position',
];

export function formOf(m: MemberDto): MemberForm {
  return {
    firstName: m.firstName ?? '',
    lastName: m.lastName ?? '',
    gender: m.gender ?? '',
    birthday: m.birthday ?? '',
    phone: m.phone ?? '',
    departmentId: m.departmentId ?? '',
    position: m.position ?? '',
    role: m.role,
  };
}

/**
 * The PATCH body: each field that differs from `before` (ignoring surrounding spaces), blanks as
 * null where allowed.
 */
export function changesOf(before: MemberForm, after: MemberForm): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const key of Object.keys(after) as (keyof MemberForm)[]) {
    const value = after[key].trim();
    if (value === before[key].trim()) continue;
    patch[key] = value === '' && CLEARABLE.includes(key) ? null : after[key];
  }
  return patch;
}

/**
 * Whether the signed-in user may change this member at all (docs/DESIGN.md §2: admins manage everyone
 * but owners).
 */
export function canManage(actorRole: Role | undefined, target: { role: Role }): boolean {
  return actorRole === 'owner' || (actorRole === 'admin' && target.role !== 'owner');
}

/** The roles the signed-in user may give: only an owner makes someone an owner. */
export function roleChoices(actorRole: Role | undefined): Role[] {
  return actorRole === 'owner' ? ['owner', 'admin', 'member'] : ['admin', 'member'];
}

export type MemberEditState = ReturnType<typeof createMemberEdit>;

export function createMemberEdit(app: AppState, member: MemberDto) {
  const initial = formOf(member);
  const values = signal<MemberForm>(initial);
  const errors = signal<FieldErrors>({});
  const error = signal<unknown>(null);
  const saving = signal(false);

  function set(patch: Partial<MemberForm>): void {
    values.value = { ...values.value, ...patch };
  }

  /**
   * Sends what changed. Answers the member as saved (unchanged when nothing was edited), or null
   * when refused.
   */
  async function save(): Promise<MemberDto | null> {
    error.value = null;
    const patch = changesOf(initial, values.value);
    if (Object.keys(patch).length === 0) return member;
    const checked = validate(patchMemberRequestSchema, patch);
    if ('errors' in checked) {
      errors.value = checked.errors;
      return null;
    }
    errors.value = {};
    saving.value = true;
    try {
      const body: PatchMemberRequest = checked.data;
      return await callAdmin(app, (api, orgId) => api.members.patch(orgId, member.userId, body));
    } catch (e) {
      if (e instanceof ApiError) errors.value = e.fields;
      error.value = e;
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { member, values, errors, error, saving, set, save };
}
