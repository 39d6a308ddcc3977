/**
 * What the background worker checks on each alarm: the number of pending applications (for admins)
 * and of pending renewals — expired invitations and requests for a new one, all of them for admins,
 * their own for everyone else — on the toolbar badge, and what is new since the last check
 * (notifications). Pure apart from the API
 * calls, so it is tested without a browser.
 */
import { storage } from 'wxt/utils/storage';
import type { ApplicationDto } from '../../shared/api';
import type { ApiClient } from '../../shared/client';
import { activeMembership, isAdminRole } from './session';
import type { StoredSession } from './storage';
import { plural, t } from './i18n';

/** What the background worker saw on its last check, so it tells only about what is new. */
export interface WatchState {
  orgId: string;
  userId: string;
  pendingIds: string[];
  joinedIds: string[];
  pendingCount: number;
  checkedAt: string;
}

/** Kept in the `local:` area beside the session; only the background worker reads it. */
export const watchItem = storage.defineItem<WatchState | null>('local:watch', { fallback: null });

export interface Notice {
  id: string;
  kind: 'applications' | 'joined';
  title: string;
  message: string;
}

export interface WatchResult {
  state: WatchState;
  badge: string;
  notices: Notice[];
}

/** How many ids of each kind to remember; older ones can never come back as new. */
const MEMORY = 200;

export function badgeText(count: number, more: boolean): string {
  if (count === 0) return '';
  return count > 99 || more ? '99+' : String(count);
}

function applicationsNotice(fresh: ApplicationDto[], orgName: string): Notice | null {
  const first = fresh[0];
  if (!first) return null;
  return {
    id: `applications-${first.id}`,
    kind: 'applications',
    title: fresh.length === 1 ? t('notify.newApplication') : t('notify.newApplications'),
    message:
      fresh.length === 1
        ? t('notify.application', { name: first.name, email: first.email, org: orgName })
        : plural('notify.applications', fresh.length, { org: orgName }),
  };
}

function joinedNotice(fresh: ApplicationDto[], orgName: string): Notice | null {
  const first = fresh[0];
  if (!first) return null;
  return {
    id: `joined-${first.id}`,
    kind: 'joined',
    title: t('notify.joinedTitle'),
    message:
      fresh.length === 1
        ? t('notify.joined', { name: first.name, org: orgName })
        : plural('notify.joinedMany', fresh.length, { org: orgName }),
  };
}

export async function checkForNews(
  api: ApiClient,
  session: StoredSession,
  previous: WatchState | null,
  now: number = Date.now(),
): Promise<WatchResult | null> {
  const membership = activeMembership(session);
  if (!membership) return null;
  const { orgId, orgName } = membership;
  const admin = isAdminRole(membership.role);

  const [pendingPage, approvedPage, renewalsPage] = await Promise.all([
    admin ? api.applications.list(orgId, { status: 'pending', limit: 100 }) : null,
    api.applications.list(orgId, { status: 'approved', limit: 50 }),
    api.renewals.list(orgId, { status: 'pending', limit: 100 }),
  ]);
  const pending = pendingPage?.items ?? [];
  const joined = approvedPage.items.filter((a) => a.inviter.id === session.user.id);

  // The first check for this user and organization only sets the baseline: nothing old is announced
  // as new.
  const baseline = !previous || previous.orgId !== orgId || previous.userId !== session.user.id;
  const seenPending = new Set(baseline ? pending.map((a) => a.id) : previous.pendingIds);
  const seenJoined = new Set(baseline ? joined.map((a) => a.id) : previous.joinedIds);
  const notices = [
    applicationsNotice(
      pending.filter((a) => !seenPending.has(a.id)),
      orgName,
    ),
    joinedNotice(
      joined.filter((a) => !seenJoined.has(a.id)),
      orgName,
    ),
  ].filter((n): n is Notice => n !== null);

  const remember = (fresh: ApplicationDto[], seen: Set<string>) =>
    [...new Set([...fresh.map((a) => a.id), ...seen])].slice(0, MEMORY);

  return {
    state: {
      orgId,
      userId: session.user.id,
      pendingIds: remember(pending, seenPending),
      joinedIds: remember(joined, seenJoined),
      pendingCount: pending.length,
      checkedAt: new Date(now).toISOString(),
    },
    badge: badgeText(
      pending.length + renewalsPage.items.length,
      Boolean(pendingPage?.nextCursor || renewalsPage.nextCursor),
    ),
    notices,
  };
}
