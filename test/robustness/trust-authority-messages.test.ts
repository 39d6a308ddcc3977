/**
 * Finding 5 of the trust review (docs/SECURITY.md) and the ones after it about messages: a personal
 * invitation, and the set-password, confirm, initial-password and welcome messages an admin sent,
 * carry the sender's authority at the moment they are used. Once the sender is demoted or removed
 * they stop working, and start again only if the authority comes back (or someone who has it sends
 * them again).
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations, memberships } from '../../worker/src/db/schema';
import {
  addPerson,
  deliver,
  initialPasswordIn,
  linkToken,
  messagesTo,
} from '../helpers/invitations';
import { apply, createLink, getPage, postForm } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { createUser } from '../helpers/seed';
import { h, org, freshOrgWithRoles, setRole } from '../helpers/trust';

freshOrgWithRoles();

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
