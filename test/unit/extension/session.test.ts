import { describe, expect, it } from 'vitest';
import {
  activeMembership,
  isAdminRole,
  isExpired,
  normalizeServerUrl,
  pickOrgId,
} from '../../../extension/lib/session';
import type { StoredSession } from '../../../extension/lib/storage';

const session: StoredSession = {
  serverUrl: 'http://localhost:8787',
  token: 't',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: { id: 'u1', email: 'a@example.com', phone: null, name: 'Ann', mustChangePassword: false },
  memberships: [
    { orgId: 'o1', orgName: 'One', role: 'member' },
    { orgId: 'o2', orgName: 'Two', role: 'admin' },
  ],
  orgId: 'o2',
};

describe('session facts', () => {
  it('acts for the chosen organization while the user still belongs to it', () => {
    expect(activeMembership(session)?.orgName).toBe('Two');
    expect(activeMembership({ ...session, orgId: 'gone' })?.orgName).toBe('One');
    expect(activeMembership(null)).toBeNull();
  });

  it('treats a session past its expiry as ended', () => {
    expect(isExpired(session, Date.parse('2029-12-31T23:59:59Z'))).toBe(false);
    expect(isExpired(session, Date.parse('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('owners and admins administer, members do not', () => {
    expect(isAdminRole('owner')).toBe(true);
    expect(isAdminRole('admin')).toBe(true);
    expect(isAdminRole('member')).toBe(false);
    expect(isAdminRole(undefined)).toBe(false);
  });

  it('keeps the preferred organization only when it is still a membership', () => {
    expect(pickOrgId(session.memberships, 'o2')).toBe('o2');
    expect(pickOrgId(session.memberships, 'x')).toBe('o1');
    expect(pickOrgId([], 'x')).toBeNull();
  });

  it('reduces a server URL to its origin and refuses other schemes', () => {
    expect(normalizeServerUrl(' https://Example.com:8443/app/ ')).toBe('https://example.com:8443');
    expect(() => normalizeServerUrl('ftp://example.com')).toThrow(/http/);
    expect(() => normalizeServerUrl('not a url')).toThrow();
  });
});
