/**
 * Who is refused comes before what is wrong with their input, and a refused request changes
 * nothing (docs/ARCHITECTURE.md, "Round trips": routes that read with the caller's lookup validate
 * their input before it, and admit the caller before they refuse it).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

/** Requests with input every route refuses, under `org`. */
const badInput = (org: string) =>
  [
    ['GET', `/api/orgs/${org}/members?limit=0`, undefined],
    ['GET', `/api/orgs/${org}/links?mine=maybe`, undefined],
    ['GET', `/api/orgs/${org}/invitations?status=nonsense`, undefined],
    ['GET', `/api/orgs/${org}/members/bad%2Fid`, undefined],
    ['POST', `/api/orgs/${org}/invitations`, { role: 7 }],
    ['PATCH', `/api/orgs/${org}/members/bad`, { role: 7 }],
    ['POST', `/api/orgs/${org}/members/invite`, { userIds: 'all' }],
    ['POST', `/api/orgs/${org}/applications/x/reject`, { reason: 7 }],
    ['POST', '/api/orgs', { role: 7 }],
  ] as const;

describe('refusing the caller comes before refusing their input', () => {
  it('a token that is no session’s gets 401, never what was wrong with the input', async () => {
    const { orgId } = await orgWithRoles(h);
    for (const [method, path, body] of badInput(orgId)) {
      const res = await h.call(method, path, { token: 'nosuchsession.not-a-secret', body });
      expect([path, res.status, res.body.error.code]).toEqual([path, 401, 'unauthenticated']);
      expect(res.body.error.fields).toBeUndefined();
    }
  });

  it('someone signed in but not in the organization gets 404 for it, never what was wrong', async () => {
    const { orgId } = await orgWithRoles(h);
    const outsider = await createUser(h, 'outsider@example.com');
    for (const [method, path, body] of badInput(orgId).filter(([, p]) => p !== '/api/orgs')) {
      const res = await h.call(method, path, { token: outsider.token, body });
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body.error.fields).toBeUndefined();
    }
  });

  it('a member of the organization is told what was wrong', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const res = await h.call('GET', `/api/orgs/${orgId}/members?limit=0`, { token: owner.token });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toBeDefined();
  });
});

describe('a refused request changes nothing', () => {
  it('an account that must change its password is refused without its session being stamped', async () => {
    const { orgId, member } = await orgWithRoles(h);
    await h.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, member.id));
    h.clock.advance(10 * 60_000);
    const before = await h.db.select().from(sessions).where(eq(sessions.userId, member.id));
    const refused = await h.call('GET', `/api/orgs/${orgId}/links`, { token: member.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('password_change_required');
    await h.settled();
    expect(await h.db.select().from(sessions).where(eq(sessions.userId, member.id))).toEqual(
      before,
    );
    // The route it may still call stamps the session as any request does.
    expect((await h.call('GET', '/api/me', { token: member.token })).status).toBe(200);
    await h.settled();
    const [after] = await h.db.select().from(sessions).where(eq(sessions.userId, member.id));
    expect(after!.lastSeenAt).toBeGreaterThan(before[0]!.lastSeenAt);
  });
});
