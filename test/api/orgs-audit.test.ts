import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createOrg, orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('GET /api/orgs/:org/audit', () => {
  it('pages newest first with an opaque cursor, for owners and admins only', async () => {
    const { orgId, owner, admin, member } = await orgWithRoles(h);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      await h.call('POST', `/api/orgs/${orgId}/workspaces`, {
        token: owner.token,
        body: { name: `W${i}` },
      });
    }
    const first = await h.call('GET', `/api/orgs/${orgId}/audit?limit=3`, { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { detail: { name: string } }) => e.detail.name)).toEqual([
      'W4',
      'W3',
      'W2',
    ]);
    const second = await h.call(
      'GET',
      `/api/orgs/${orgId}/audit?limit=3&cursor=${first.body.nextCursor}`,
      { token: admin.token },
    );
    expect(
      second.body.items.slice(0, 2).map((e: { detail: { name: string } }) => e.detail.name),
    ).toEqual(['W1', 'W0']);
    const ids = new Set(
      [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id),
    );
    expect(ids.size).toBe(first.body.items.length + second.body.items.length);
    expect((await h.call('GET', `/api/orgs/${orgId}/audit`, { token: member.token })).status).toBe(
      403,
    );
    const badCursor = await h.call('GET', `/api/orgs/${orgId}/audit?cursor=nonsense`, {
      token: owner.token,
    });
    expect(badCursor.status).toBe(422);
    expect(
      (await h.call('GET', `/api/orgs/${orgId}/audit?limit=500`, { token: owner.token })).status,
    ).toBe(422);
  });

  it('records a sign-in in an organization when the session first uses it, and in no other', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const other = await createOrg(h, owner, 'Other');
    const signIns = async (org: string) =>
      (await h.db.select().from(auditEvents)).filter(
        (e) => e.orgId === org && e.actorId === owner.id && e.action === 'auth.sign_in',
      ).length;
    const before = await signIns(orgId);
    h.clock.advance(1000);
    const login = await h.call('POST', '/api/auth/login', {
      body: { email: owner.email, password: 'correct horse battery' },
    });
    expect(await signIns(orgId)).toBe(before);
    h.clock.advance(1000);
    const firstUse = h.clock.now();
    for (let i = 0; i < 3; i++)
      expect((await h.call('GET', `/api/orgs/${orgId}`, { token: login.body.token })).status).toBe(
        200,
      );
    expect(await signIns(orgId)).toBe(before + 1);
    // Dated at that first use (just before what the request itself records), not at the sign-in an
    // organization did not see.
    const [event] = (await h.db.select().from(auditEvents))
      .filter((e) => e.orgId === orgId && e.action === 'auth.sign_in')
      .sort((a, b) => b.createdAt - a.createdAt);
    expect(event!.createdAt).toBe(firstUse - 1);
    // The other organization of the account learns nothing of it.
    expect(await signIns(other)).toBe(0);
    // A refused request is no sign-in; the next session's first use is.
    h.clock.advance(1000);
    const next = await h.call('POST', '/api/auth/login', {
      body: { email: owner.email, password: 'correct horse battery' },
    });
    h.clock.advance(1000);
    expect(
      (await h.call('GET', `/api/orgs/${orgId}/audit?limit=500`, { token: next.body.token }))
        .status,
    ).toBe(422);
    expect(await signIns(orgId)).toBe(before + 1);
    expect((await h.call('GET', `/api/orgs/${orgId}`, { token: next.body.token })).status).toBe(
      200,
    );
    expect(await signIns(orgId)).toBe(before + 2);
  });
});
