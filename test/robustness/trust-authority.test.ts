/**
 * Finding 5 of the trust review (docs/SECURITY.md): a link or invitation carries its creator's authority at the moment
 * it is used. An admin who made an admin-role link is demoted; a member's link outlives `allowMemberLinks`; a creator
 * leaves. Each link then stops working, as a revoked one does, and starts again only if the authority comes back.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, invitations, memberships } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { apply, createLink, getPage } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const setRole = (userId: string, role: 'owner' | 'admin' | 'member') =>
  h.call('PATCH', `/api/orgs/${org.orgId}/members/${userId}`, { token: org.owner.token, body: { role } });

/** Applying is refused as a turned-off link is, on the API and the page, and nothing changes. */
async function expectTurnedOff(token: string) {
  const before = await fingerprint(h.db);
  const res = await apply(h, token, { name: 'New Admin', email: `joiner-${Math.random().toString(36).slice(2)}@example.com` });
  expect([res.status, res.body.error.code]).toEqual([410, 'link_revoked']);
  expect((await h.call('GET', `/api/join/${token}`)).status).toBe(410);
  expect((await getPage(h, `/join/${token}`)).status).toBe(410);
  expect(changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'rate_limits')).toEqual([]);
}

describe('a link stops working when its creator could no longer make it', () => {
  it('an admin-role link made by an admin who was demoted makes no admins', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { role: 'admin', requiresApproval: false });
    expect((await setRole(org.admin.id, 'member')).status).toBe(200);
    await expectTurnedOff(link.token);
    const admins = await h.db.select().from(memberships).where(and(eq(memberships.orgId, org.orgId), eq(memberships.role, 'admin')));
    expect(admins).toEqual([]);
    // Authority back, link back.
    await setRole(org.admin.id, 'admin');
    expect((await apply(h, link.token, { name: 'New Admin', email: 'new-admin@example.com' })).status).toBe(201);
  });

  it('a member’s link stops when the organization stops letting members make links', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, { token: org.owner.token, body: { allowMemberLinks: true } });
    const link = await createLink(h, org.orgId, org.member.token);
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, { token: org.owner.token, body: { allowMemberLinks: false } });
    await expectTurnedOff(link.token);
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, { token: org.owner.token, body: { allowMemberLinks: true } });
    expect((await apply(h, link.token, { name: 'Friend', email: 'friend@example.com' })).status).toBe(201);
    expect(await h.db.select().from(applications)).toHaveLength(1);
  });

  it('a link whose creator left the organization stops', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    // Revoking with the removal is what deleting does; here the membership just goes, as if removed by a database admin.
    await h.db.delete(memberships).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, org.admin.id)));
    await expectTurnedOff(link.token);
  });
});

describe('a personal invitation stops working when its sender could no longer send it', () => {
  it('an admin invitation sent by a demoted admin cannot be accepted', async () => {
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, { token: org.admin.token, body: { email: 'x@example.com', role: 'admin' } });
    expect(res.status).toBe(201);
    await setRole(org.admin.id, 'member');
    const [inv] = await h.db.select().from(invitations);
    const token = await h.services.tokens.derive('invitation', inv!.id, inv!.tokenNonce);
    const accepted = await h.call('POST', `/api/invite/${token}/accept`, { body: { name: 'X Person', password: 'a good long password' } });
    expect([accepted.status, accepted.body.error.code]).toEqual([403, 'forbidden']);
  });
});
