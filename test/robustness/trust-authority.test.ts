/**
 * Finding 5 of the trust review (docs/SECURITY.md): a link or invitation carries its creator's
 * authority at the moment it is used. An admin who made an admin-role link is demoted; a member's
 * link outlives `allowMemberLinks`; a creator leaves. Each link then stops working, as a revoked
 * one does, and starts again only if the authority comes back.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, invitations, memberships, users } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import {
  addPerson,
  deliver,
  initialPasswordIn,
  linkToken,
  messagesTo,
} from '../helpers/invitations';
import { apply, createLink, getPage, postForm } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const setRole = (userId: string, role: 'owner' | 'admin' | 'member') =>
  h.call('PATCH', `/api/orgs/${org.orgId}/members/${userId}`, {
    token: org.owner.token,
    body: { role },
  });

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

describe('a personal invitation stops working when its sender could no longer send it', () => {
  it('an admin invitation sent by a demoted admin cannot be accepted', async () => {
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'x@example.com', role: 'admin' },
    });
    expect(res.status).toBe(201);
    await setRole(org.admin.id, 'member');
    const [inv] = await h.db.select().from(invitations);
    const token = await h.services.tokens.derive('invitation', inv!.id, inv!.tokenNonce);
    const accepted = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'X Person', password: 'a good long password' },
    });
    expect([accepted.status, accepted.body.error.code]).toEqual([403, 'forbidden']);
  });
});

describe('a message an admin sent stops working when the admin could no longer send it', () => {
  it('the set-password and confirm links of a removed admin’s invitations open nothing, and the memberships stay pending', async () => {
    const fresh = await addPerson(h, org.orgId, org.admin.token, { email: 'fresh@example.com' });
    const known = await createUser(h, 'known@example.com');
    await addPerson(h, org.orgId, org.admin.token, { email: known.email });
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.admin.token,
      body: { userIds: [fresh, known.id], channel: 'email' },
    });
    expect(sent.body.queued).toBe(2);
    await deliver(h);
    const setPassword = linkToken(
      (await messagesTo(h, 'fresh@example.com'))[0]!.text,
      'set-password',
    );
    const confirm = linkToken((await messagesTo(h, known.email))[0]!.text, 'confirm');
    expect(
      (
        await h.call('DELETE', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
          token: org.owner.token,
        })
      ).status,
    ).toBe(204);
    const before = await fingerprint(h.db);
    for (const path of [`/set-password/${setPassword}`, `/confirm/${confirm}`]) {
      const page = await getPage(h, path);
      expect([page.status, page.text.includes('can no longer be used')]).toEqual([403, true]);
    }
    expect(
      (
        await postForm(h, `/set-password/${setPassword}`, {
          newPassword: 'a good long password',
          confirmPassword: 'a good long password',
        })
      ).status,
    ).toBe(403);
    expect((await postForm(h, `/confirm/${confirm}`, {})).status).toBe(403);
    expect(
      changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'rate_limits'),
    ).toEqual([]);
    const pending = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.status, 'pending')));
    expect(pending.map((m) => m.userId).sort()).toEqual([fresh, known.id].sort());
  });

  it('an initial password an admin sent is refused once the admin is demoted, and works again when they are not', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { sendInitialPassword: true },
    });
    const id = await addPerson(h, org.orgId, org.admin.token, { email: 'initial@example.com' });
    await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.admin.token,
      body: { userIds: [id], channel: 'email' },
    });
    await deliver(h);
    const password = initialPasswordIn((await messagesTo(h, 'initial@example.com'))[0]!.text);
    expect((await setRole(org.admin.id, 'member')).status).toBe(200);
    const before = await fingerprint(h.db);
    const signIn = () =>
      h.call('POST', '/api/auth/login', { body: { email: 'initial@example.com', password } });
    expect((await signIn()).status).toBe(401);
    expect(
      changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'rate_limits'),
    ).toEqual([]);
    // Authority back, password back: it signs in and makes the person a member.
    await setRole(org.admin.id, 'admin');
    expect((await signIn()).status).toBe(200);
    const [membership] = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, id)));
    expect(membership!.status).toBe('active');
  });

  it('a welcome from a link without approval stops when the link’s creator can no longer let people in', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, {
      role: 'admin',
      requiresApproval: false,
    });
    expect(
      (await apply(h, link.token, { name: 'Sock Puppet', email: 'sock@example.com' })).status,
    ).toBe(201);
    await deliver(h);
    const token = linkToken((await messagesTo(h, 'sock@example.com'))[0]!.text, 'set-password');
    expect(
      (
        await h.call('DELETE', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
          token: org.owner.token,
        })
      ).status,
    ).toBe(204);
    expect((await getPage(h, `/set-password/${token}`)).status).toBe(403);
    expect(
      (
        await postForm(h, `/set-password/${token}`, {
          newPassword: 'a good long password',
          confirmPassword: 'a good long password',
        })
      ).status,
    ).toBe(403);
    const admins = await h.db
      .select()
      .from(memberships)
      .where(
        and(
          eq(memberships.orgId, org.orgId),
          eq(memberships.role, 'admin'),
          eq(memberships.status, 'active'),
        ),
      );
    expect(admins).toEqual([]);
  });

  it('an invitation of a demoted admin, resent by someone who may send it, works again', async () => {
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'kate@example.com', role: 'member' },
    });
    expect(res.status).toBe(201);
    await setRole(org.admin.id, 'member');
    const resent = await h.call(
      'POST',
      `/api/orgs/${org.orgId}/invitations/${res.body.invitation.id}/resend`,
      { token: org.owner.token },
    );
    expect(resent.status, resent.text).toBe(200);
    expect(resent.body.invitation.createdBy.id).toBe(org.owner.id);
    await deliver(h);
    const token = linkToken((await messagesTo(h, 'kate@example.com')).at(-1)!.text, 'invite');
    const accepted = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Kate Person', password: 'a good long password' },
    });
    expect(accepted.status, accepted.text).toBe(200);
  });

  it('the organization’s own view of a link says when it is suspended', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, {
      role: 'admin',
      requiresApproval: false,
    });
    const status = async () =>
      (await h.call('GET', `/api/orgs/${org.orgId}/links/${link.id}`, { token: org.owner.token }))
        .body.link.status;
    expect(await status()).toBe('active');
    await setRole(org.admin.id, 'member');
    expect(await status()).toBe('suspended');
    await setRole(org.admin.id, 'admin');
    expect(await status()).toBe('active');
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

describe('the join page names the link’s creator as the organization knows them', () => {
  it('the name the organization gave its member, not the account’s name from elsewhere', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
      token: org.owner.token,
      body: { firstName: 'Ann', lastName: 'Admin' },
    });
    await h.db.update(users).set({ name: 'Name From Elsewhere' }).where(eq(users.id, org.admin.id));
    const link = await createLink(h, org.orgId, org.admin.token);
    expect((await h.call('GET', `/api/join/${link.token}`)).body.inviter).toEqual({
      name: 'Ann Admin',
    });
    const page = await getPage(h, `/join/${link.token}`);
    expect(page.text).toContain('Ann Admin');
    expect(page.text).not.toContain('Name From Elsewhere');
  });
});

describe('applications name their inviter and reviewer as the organization knows them', () => {
  it('in the list and the approve answer, never by the account’s name from elsewhere', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
      token: org.owner.token,
      body: { firstName: 'Ann', lastName: 'Admin' },
    });
    await h.db.update(users).set({ name: 'Name From Elsewhere' }).where(eq(users.id, org.admin.id));
    const link = await createLink(h, org.orgId, org.admin.token);
    expect(
      (await apply(h, link.token, { name: 'New Person', email: 'new-person@example.com' })).status,
    ).toBe(201);
    const listed = await h.call('GET', `/api/orgs/${org.orgId}/applications`, {
      token: org.admin.token,
    });
    const [app] = listed.body.items;
    expect(app.inviter.name).toBe('Ann Admin');
    const approved = await h.call('POST', `/api/orgs/${org.orgId}/applications/${app.id}/approve`, {
      token: org.admin.token,
    });
    expect([
      approved.body.application.inviter.name,
      approved.body.application.reviewer.name,
    ]).toEqual(['Ann Admin', 'Ann Admin']);
    expect(
      JSON.stringify(
        (
          await h.call('GET', `/api/orgs/${org.orgId}/applications?status=approved`, {
            token: org.admin.token,
          })
        ).body,
      ),
    ).not.toContain('Name From Elsewhere');
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
