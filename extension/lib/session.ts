/**
 * Pure facts about a stored session: which organization it acts for, with what role, and whether it
 * is still valid.
 */
import type { MembershipSummary, Role } from '../../shared/api';
import { Problem } from './errors';
import type { StoredSession } from './storage';
import { t } from './i18n';

export function isExpired(session: StoredSession, now: number = Date.now()): boolean {
  const expiresAt = Date.parse(session.expiresAt);
  return Number.isFinite(expiresAt) && expiresAt <= now;
}

/** The membership the extension acts for: the chosen one while it still exists, else the first. */
export function activeMembership(session: StoredSession | null): MembershipSummary | null {
  if (!session) return null;
  return (
    session.memberships.find((m) => m.orgId === session.orgId) ?? session.memberships[0] ?? null
  );
}

export function isAdminRole(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

/**
 * Keeps the chosen organization when the user still belongs to it; otherwise falls back to the
 * first one.
 */
export function pickOrgId(
  memberships: MembershipSummary[],
  preferred: string | null | undefined,
): string | null {
  if (preferred && memberships.some((m) => m.orgId === preferred)) return preferred;
  return memberships[0]?.orgId ?? null;
}

/**
 * `https://Example.com:8443/path/` → `https://example.com:8443`; throws a readable `Problem` for
 * anything else.
 */
export function normalizeServerUrl(input: string): string {
  let url: URL | null = null;
  try {
    url = new URL(input.trim());
  } catch {
    // reported below
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new Problem(t('error.serverUrl'));
  return url.origin;
}
