/**
 * Finding 5 of the trust review (docs/SECURITY.md): a link carries its creator's authority at the
 * moment it is used. An admin who made an admin-role link is demoted; a member's link outlives
 * `allowMemberLinks`; a creator leaves. Each link then stops working, as a revoked one does, and
 * starts again only if the authority comes back. A link without approval answers a member and a
 * newcomer alike.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, memberships } from '../../worker/src/db/schema';
import { deliver, linkToken, messagesTo } from '../helpers/invitations';
import { apply, createLink, getPage, postForm } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { h, org, freshOrgWithRoles, setRole } from '../helpers/trust';

freshOrgWithRoles();

/** Applying is refused as a turned-off link is, on the API and the page, and nothing changes. */
async function expectTurnedOff(token: string) {
  const before = await fingerprint(h.db);
  const res = await apply(h, token, {
    name: 'New Admin',
    email: `joiner-${Math.random().toString(36).slice(2)}@example.com`,
  });
  expect([res.status, res.body.error.code]).toEqual([410, 'link_revoked']);
  expect((await h.call('GET', `/api/join/${token}`)).status).toBe(410);
  expect((await getPage(h, `/join/${token}`)).status).toBe(410);
  expect(changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'rate_limits')).toEqual(
    [],
  );
}

describe('a link stops working when its creator could no longer make it', () => {
  it('an admin-role link made by an admin who was demoted makes no admins', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, {
      role: 'admin',
      requiresApproval: false,
    });
    expect((await setRole(org.admin.id, 'member')).status).toBe(200);
    await expectTurnedOff(link.token);
    const admins = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.role, 'admin')));
    expect(admins).toEqual([]);
    // Authority back, link back.
    await setRole(org.admin.id, 'admin');
    expect(
      (await apply(h, link.token, { name: 'New Admin', email: 'new-admin@example.com' })).status,
    ).toBe(201);
  });

  it('a member’s link stops when the organization stops letting members make links', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowMemberLinks: true },
    });
    const link = await createLink(h, org.orgId, org.member.token);
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowMemberLinks: false },
    });
    await expectTurnedOff(link.token);
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowMemberLinks: true },
    });
    expect(
      (await apply(h, link.token, { name: 'Friend', email: 'friend@example.com' })).status,
    ).toBe(201);
    expect(await h.db.select().from(applications)).toHaveLength(1);
  });

  it('a link whose creator left the organization stops', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    // Revoking with the removal is what deleting does; here the membership just goes, as if removed
    // by a database admin.
    await h.db
      .delete(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, org.admin.id)));
    await expectTurnedOff(link.token);
  });
});

describe('a link without approval answers a member and a newcomer alike', () => {
  it('applying twice: the first is accepted, the second is already_applied, and a week later the same again', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    const twice = async (email: string) => {
      const answers = [];
      for (let i = 0; i < 2; i++) {
        const res = await apply(h, link.token, { name: 'Some One', email });
        answers.push(`${res.status} ${res.body?.error?.code ?? ''}`);
      }
      return answers;
    };
    expect(await twice('newcomer@example.com')).toEqual(['201 ', '409 already_applied']);
    expect(await twice(org.member.email)).toEqual(['201 ', '409 already_applied']);
    h.clock.advance(7 * 24 * 3600_000 + 1000);
    expect(await twice('newcomer@example.com')).toEqual(await twice(org.member.email));
  });
});

describe('a member’s link without approval, where the organization allows it', () => {
  it('welcomes people in, and stops once members may no longer make such links', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowMemberLinks: true, memberLinksRequireApproval: false },
    });
    const link = await createLink(h, org.orgId, org.member.token, { requiresApproval: false });
    for (const email of ['first@example.com', 'second@example.com'])
      expect((await apply(h, link.token, { name: 'New Person', email })).status).toBe(201);
    await deliver(h);
    const welcome = async (email: string) =>
      linkToken((await messagesTo(h, email))[0]!.text, 'set-password');
    const form = { newPassword: 'a good long password', confirmPassword: 'a good long password' };
    const first = await postForm(h, `/set-password/${await welcome('first@example.com')}`, form);
    expect(first.status, first.text).toBe(200);
    expect(first.text).toContain('You are now a member of Acme');
    // The organization stops letting members make links: the welcome that waits stops with it.
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowMemberLinks: false },
    });
    expect(
      (await postForm(h, `/set-password/${await welcome('second@example.com')}`, form)).status,
    ).toBe(403);
  });
});
