/**
 * The Review tab's state. Admins: pending applications (approve / reject with a reason, optimistic
 * and rolled back on error) and pending personal invitations (resend, cancel, change workspaces).
 * Members: the applications that came through their own links, read-only. Everyone: renewals of
 * their invitations and links (admins: all), to invite again, send a fresh link or dismiss.
 */
import { signal, type Signal } from '@preact/signals';
import type {
  ApplicationDto,
  InvitationDto,
  RenewalDecision,
  RenewalDto,
  WorkspaceGrant,
} from '../../shared/api';
import type { AppState } from './app-state';
import { t } from './i18n';
import { createResource } from './resource';

export type ReviewState = ReturnType<typeof createReviewState>;

export interface ReviewDeps {
  /** Tells the background worker to refresh the toolbar badge after a review. */
  onReviewed?: () => void;
}

function without<T extends { id: string }>(items: T[] | undefined, id: string): T[] {
  return (items ?? []).filter((item) => item.id !== id);
}

export function createReviewState(app: AppState, deps: ReviewDeps = {}) {
  const applications = createResource(async () => {
    const status = app.isAdmin.value ? 'pending' : undefined;
    return (await app.call((api, orgId) => api.applications.list(orgId, { status, limit: 100 })))
      .items;
  });
  const invitations = createResource(async () =>
    app.isAdmin.value
      ? (
          await app.call((api, orgId) =>
            api.invitations.list(orgId, { status: 'pending', limit: 100 }),
          )
        ).items
      : [],
  );
  /** Expiry notices and requests for a new invitation: all for admins, their own for others. */
  const renewals = createResource(
    async () =>
      (await app.call((api, orgId) => api.renewals.list(orgId, { status: 'pending', limit: 100 })))
        .items,
  );
  const workspaces = createResource(async () =>
    app.isAdmin.value ? (await app.call((api, orgId) => api.workspaces.list(orgId))).items : [],
  );
  /** The last action's failure, shown above the lists. */
  const error = signal<unknown>(null);
  /** Ids with a request in flight, so their buttons wait. */
  const busy = signal<ReadonlySet<string>>(new Set());
  /** What the last approval or rejection did, in words for screen readers ("Approved Ann Lee"). */
  const outcome = signal('');

  function setBusy(id: string, on: boolean): void {
    const next = new Set(busy.value);
    if (on) next.add(id);
    else next.delete(id);
    busy.value = next;
  }

  async function load(): Promise<void> {
    await Promise.all([applications.reload(), invitations.reload(), renewals.reload()]);
  }

  /** Removes the item at once; restores the list as it was if the server refuses. */
  async function optimistic<T extends { id: string }>(
    list: Signal<T[] | undefined>,
    item: T,
    request: () => Promise<unknown>,
  ): Promise<boolean> {
    const before = list.value;
    list.value = without(before, item.id);
    error.value = null;
    setBusy(item.id, true);
    try {
      await request();
      return true;
    } catch (e) {
      list.value = before;
      error.value = e;
      return false;
    } finally {
      setBusy(item.id, false);
    }
  }

  async function approve(application: ApplicationDto): Promise<boolean> {
    const ok = await optimistic(applications.data, application, () =>
      app.call((api, orgId) => api.applications.approve(orgId, application.id)),
    );
    if (ok) outcome.value = t('review.approved', [application.name]);
    if (ok) deps.onReviewed?.();
    return ok;
  }

  async function reject(application: ApplicationDto, reason: string): Promise<boolean> {
    const ok = await optimistic(applications.data, application, () =>
      app.call((api, orgId) =>
        api.applications.reject(orgId, application.id, reason.trim() || undefined),
      ),
    );
    if (ok) outcome.value = t('review.rejected', [application.name]);
    if (ok) deps.onReviewed?.();
    return ok;
  }

  async function cancel(invitation: InvitationDto): Promise<boolean> {
    return optimistic(invitations.data, invitation, () =>
      app.call((api, orgId) => api.invitations.cancel(orgId, invitation.id)),
    );
  }

  /**
   * Runs a change to one invitation, then reloads the list to show its new link, expiry or
   * workspaces.
   */
  async function change(
    invitation: InvitationDto,
    request: () => Promise<unknown>,
  ): Promise<boolean> {
    error.value = null;
    setBusy(invitation.id, true);
    try {
      await request();
      await invitations.reload();
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      setBusy(invitation.id, false);
    }
  }

  /** Sends the invitation again with a new link and expiry; the old link stops working. */
  const resend = (invitation: InvitationDto) =>
    change(invitation, () =>
      app.call((api, orgId) => api.invitations.resend(orgId, invitation.id)),
    );

  const setWorkspaces = (invitation: InvitationDto, grants: WorkspaceGrant[]) =>
    change(invitation, () =>
      app.call((api, orgId) => api.invitations.setWorkspaces(orgId, invitation.id, grants)),
    );

  /**
   * `invite`: a fresh personal invitation to the renewal's address, `link`: a fresh general link
   * e-mailed to it (either may settle the address's other renewals too, and an invitation joins the
   * pending ones: the lists are read again); `dismiss`: put it away.
   */
  async function settle(renewal: RenewalDto, how: RenewalDecision): Promise<boolean> {
    const ok = await optimistic(renewals.data, renewal, () =>
      app.call((api, orgId) => api.renewals.decide(orgId, renewal.id, how)),
    );
    if (ok) {
      deps.onReviewed?.();
      if (how !== 'dismiss') void load();
    }
    return ok;
  }

  return {
    applications,
    invitations,
    renewals,
    settle,
    workspaces,
    error,
    busy,
    outcome,
    load,
    approve,
    reject,
    cancel,
    resend,
    setWorkspaces,
  };
}
