/**
 * `allowedEmailDomains` holds at every door, not only at creation (lib/email.ts `personAllowed`): an
 * owner who limits the organization's domains stops what admins set in motion before — an
 * invitation resent or accepted, a bulk invitation, an approval, a welcome's set-password link, an
 * initial password — and nobody known by a phone number alone is brought in while the list is set.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships, users } from '../../worker/src/db/schema';
import { freshOrg } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import type { Org } from '../helpers/fresh';
import {
  addPerson,
  deliver,
  initialPasswordIn,
  linkToken,
  messagesTo,
} from '../helpers/invitations';
import { apply, createLink, postForm } from '../helpers/links';

let h: Harness;
let org: Org;
freshOrg((s) => ({ h, org } = s));

const PASSWORD = 'a long new password';
const api = (path: string) => `/api/orgs/${org.orgId}${path}`;
const status = async (email: string) => {
  const [row] = await h.db
    .select({ status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, org.orgId), eq(users.email, email)));
  return row?.status ?? null;
};
const restrict = async (domains: string[]) =>
  expect(
    (
      await h.call('PATCH', api('/settings'), {
        token: org.owner.token,
        body: { allowedEmailDomains: domains },
      })
    ).status,
  ).toBe(200);
const lastMail = async (to: string) => {
  await deliver(h);
  return (await messagesTo(h, to)).at(-1)!.text;
};

describe('allowedEmailDomains set after people were brought in', () => {
  it('stops resending, accepting, bulk sending, approving and welcomes for addresses outside it', async () => {
    const admin = org.admin.token;
    const invited = await h.call('POST', api('/invitations'), {
      token: admin,
      body: { email: 'one@gmail.test', role: 'admin' },
    });
    expect(invited.status).toBe(201);
    const invitationToken = linkToken(await lastMail('one@gmail.test'), 'invite');
    const added = await addPerson(h, org.orgId, admin, { email: 'two@gmail.test', role: 'admin' });
    const reviewed = await createLink(h, org.orgId, admin, { requiresApproval: true });
    expect(
      (await apply(h, reviewed.token, { name: 'Three', email: 'three@gmail.test' })).status,
    ).toBe(201);
    const open = await createLink(h, org.orgId, admin, { requiresApproval: false, role: 'admin' });
    expect((await apply(h, open.token, { name: 'Four', email: 'four@gmail.test' })).status).toBe(
      201,
    );
    const welcome = linkToken(await lastMail('four@gmail.test'), 'set-password');

    await restrict(['Example.COM']);

    const resend = await h.call('POST', api(`/invitations/${invited.body.invitation.id}/resend`), {
      token: admin,
    });
    expect([resend.status, resend.body.error?.code]).toEqual([422, 'invalid_input']);
    const accept = await h.call('POST', `/api/invite/${invitationToken}/accept`, {
      body: { name: 'One', password: PASSWORD },
    });
    expect(accept.status).toBe(403);
    expect(accept.body.error.message).toContain('is not at a domain this organization accepts');
    const page = await h.call('GET', `/invite/${invitationToken}`);
    expect(page.status).toBe(403);

    const bulk = await h.call('POST', api('/members/invite'), {
      token: admin,
      body: { userIds: [added], channel: 'email' },
    });
    expect(bulk.body).toMatchObject({
      queued: 0,
      errors: [{ userId: added, code: 'invalid_email' }],
    });

    const [app] = (await h.call('GET', api('/applications?status=pending'), { token: admin })).body
      .items as { id: string }[];
    const approve = await h.call('POST', api(`/applications/${app!.id}/approve`), { token: admin });
    expect(approve.status).toBe(422);
    expect(approve.body.error.fields.email).toBeDefined();
    // Rejecting stays open.
    expect(
      (await h.call('POST', api(`/applications/${app!.id}/reject`), { token: admin, body: {} }))
        .status,
    ).toBe(200);

    const setPassword = await postForm(h, `/set-password/${welcome}`, {
      newPassword: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(setPassword.status).toBe(410);
    expect(setPassword.text).toContain('This invitation no longer applies');

    for (const email of ['one@gmail.test', 'two@gmail.test', 'three@gmail.test', 'four@gmail.test'])
      expect(await status(email), email).not.toBe('active');
    // The owner lifts the limit: the welcome works again, as it does when authority comes back.
    await restrict([]);
    const again = await postForm(h, `/set-password/${welcome}`, {
      newPassword: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(again.status).toBe(200);
    expect(await status('four@gmail.test')).toBe('active');
  });

  it('an initial password sent before no longer activates the membership', async () => {
    await h.call('PATCH', api('/settings'), {
      token: org.owner.token,
      body: { sendInitialPassword: true },
    });
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'five@gmail.test' });
    const sent = await h.call('POST', api('/members/invite'), {
      token: org.owner.token,
      body: { userIds: [id], channel: 'email' },
    });
    expect(sent.body.queued).toBe(1);
    const password = initialPasswordIn(await lastMail('five@gmail.test'));
    await restrict(['example.com']);
    const login = await h.call('POST', '/api/auth/login', {
      body: { email: 'five@gmail.test', password },
    });
    expect(login.body.memberships ?? []).toEqual([]);
    const [row] = await h.db
      .select({ status: memberships.status })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, id)));
    expect(row!.status).toBe('pending');
  });

  it('brings in nobody known by a phone number alone while the list is set; addresses at its domains still come in', async () => {
    await restrict(['example.com']);
    const sms = await h.call('POST', api('/invitations'), {
      token: org.owner.token,
      body: { phone: '+14155550142', channel: 'sms', role: 'member' },
    });
    expect([sms.status, sms.body.error?.fields?.email]).toEqual([
      422,
      'is required by this organization',
    ]);
    const add = await h.call('POST', api('/members'), {
      token: org.owner.token,
      body: { firstName: 'Pho', lastName: 'Ne', phone: '+14155550143' },
    });
    expect(add.status).toBe(422);
    const imported = await h.call('POST', api('/members/import'), {
      token: org.owner.token,
      raw: 'firstName,lastName,phone\nPho,Ne,+14155550144\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.body.errors).toEqual([
      expect.objectContaining({ row: 2, code: 'invalid_email' }),
    ]);
    const ok = await h.call('POST', api('/invitations'), {
      token: org.owner.token,
      body: { email: 'new@example.com', role: 'member' },
    });
    expect(ok.status).toBe(201);
  });
});
