import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invitations, outbox } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import {
  createDepartment,
  createWorkspace,
  deliver,
  HOUR,
  joinWorkspace,
  linkToken,
  mailbox,
} from '../helpers/invitations';
import { createOrg, createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const invite = (token: string, body: Record<string, unknown>, orgId = org.orgId) =>
  h.call('POST', `/api/orgs/${orgId}/invitations`, { token, body });

describe('POST /api/orgs/:org/invitations', () => {
  it('invites by e-mail: the message goes out with an accept link, and the outbox holds no token', async () => {
    const res = await invite(org.admin.token, {
      email: ' Alice@Example.com ',
      role: 'member',
      profile: { firstName: 'Alice', lastName: 'Liddell' },
    });
    expect(res.status).toBe(201);
    expect(res.body.invitation).toMatchObject({
      email: 'alice@example.com',
      role: 'member',
      channel: 'email',
      status: 'pending',
      resendCount: 0,
      createdBy: { id: org.admin.id },
    });
    expect(Date.parse(res.body.invitation.expiresAt) - h.clock.now()).toBe(72 * HOUR);
    expect(res.body.url).toBeUndefined();
    const [queued] = await h.db.select().from(outbox);
    expect(queued).toMatchObject({
      kind: 'invitation_email',
      recipient: 'alice@example.com',
      refId: res.body.invitation.id,
    });
    await deliver(h);
    const [mail] = await mailbox(h);
    expect(mail).toMatchObject({ channel: 'email', to: 'alice@example.com' });
    const token = linkToken(mail!.text, 'invite');
    expect(JSON.stringify(await h.db.select().from(outbox))).not.toContain(token.split('.')[1]);
    expect(JSON.stringify(await h.db.select().from(invitations))).not.toContain(
      token.split('.')[1],
    );
    expect((await h.call('GET', `/api/invite/${token}`)).body).toMatchObject({
      org: { name: 'Acme' },
      inviter: { name: 'admin' },
      role: 'member',
      account: 'new',
    });
  });

  it('channel link answers the registration link to copy, and sends nothing', async () => {
    const res = await invite(org.owner.token, {
      email: 'bob@example.com',
      role: 'admin',
      channel: 'link',
    });
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(
      /^http:\/\/localhost:8787\/invite\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/,
    );
    expect(await h.db.select().from(outbox)).toHaveLength(0);
  });

  it('invites by SMS to an E.164 number; emailOnly sends it by e-mail instead', async () => {
    const sms = await invite(org.owner.token, {
      phone: '+7 905 111-11-11',
      channel: 'sms',
      role: 'member',
    });
    expect(sms.status).toBe(201);
    expect(sms.body.invitation.phone).toBe('+79051111111');
    await deliver(h);
    const [text] = await mailbox(h);
    expect(text).toMatchObject({ channel: 'sms', to: '+79051111111' });
    expect(text!.text).toContain('/invite/');

    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { emailOnly: true },
    });
    const forced = await invite(org.owner.token, {
      phone: '+79052222222',
      email: 'carol@example.com',
      channel: 'sms',
      role: 'member',
    });
    expect(forced.body.invitation.channel).toBe('email');
    const none = await invite(org.owner.token, {
      phone: '+79053333333',
      channel: 'sms',
      role: 'member',
    });
    expect(none.status).toBe(422);
    expect(none.body.error.fields.email).toMatch(/e-mail only/);
  });

  it('refuses an SMS invitation without a phone, and phones without a country code or invalid', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ channel: 'sms', email: 'a@example.com' }, 'phone', /required/],
      [{ channel: 'sms', phone: '9051111111' }, 'phone', /country code/],
      [{ channel: 'sms', phone: '+999 1' }, 'phone', /not a valid phone|not a phone/],
      [{ channel: 'link' }, 'email', /e-mail address or a phone/],
      [{ channel: 'email', phone: '+79051111111' }, 'email', /required/],
    ];
    for (const [body, field, why] of cases) {
      const res = await invite(org.owner.token, { role: 'member', ...body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.fields[field]).toMatch(why);
    }
    expect(await h.db.select().from(invitations)).toHaveLength(0);
  });

  it('applies the role rules: only an owner invites an owner; members and workspace managers cannot invite', async () => {
    expect((await invite(org.admin.token, { email: 'o@example.com', role: 'owner' })).status).toBe(
      403,
    );
    expect((await invite(org.admin.token, { email: 'a@example.com', role: 'admin' })).status).toBe(
      201,
    );
    expect((await invite(org.owner.token, { email: 'o@example.com', role: 'owner' })).status).toBe(
      201,
    );
    const ws = await createWorkspace(h, org.orgId, org.owner.token, 'Design');
    await joinWorkspace(h, org.orgId, ws, org.member.id, 'manager');
    for (const role of ['member', 'admin', 'owner']) {
      const res = await invite(org.member.token, { email: `m-${role}@example.com`, role });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await h.db.select().from(invitations)).toHaveLength(2);
  });

  it('only an owner invites someone the organization holds as a pending owner (accepting would set role and profile)', async () => {
    const added = await h.call('POST', `/api/orgs/${org.orgId}/members`, {
      token: org.owner.token,
      body: {
        firstName: 'Big',
        lastName: 'Boss',
        email: 'boss@example.com',
        role: 'owner',
        position: 'CEO',
      },
    });
    expect(added.status).toBe(201);
    const byAdmin = await invite(org.admin.token, {
      email: 'Boss@example.com',
      role: 'member',
      profile: { firstName: 'Small', position: 'Intern' },
    });
    expect([byAdmin.status, byAdmin.body.error?.code]).toEqual([403, 'forbidden']);
    expect(await h.db.select().from(invitations)).toEqual([]);
    // A pending admin or member is the admin's to invite, and the owner may invite the owner.
    const member = await h.call('POST', `/api/orgs/${org.orgId}/members`, {
      token: org.admin.token,
      body: { firstName: 'Pat', lastName: 'Plain', email: 'pat@example.com', role: 'member' },
    });
    expect(member.status).toBe(201);
    expect(
      (await invite(org.admin.token, { email: 'pat@example.com', role: 'member' })).status,
    ).toBe(201);
    expect(
      (await invite(org.owner.token, { email: 'boss@example.com', role: 'owner' })).status,
    ).toBe(201);
  });

  it('refuses unknown or oddly spelled roles with 422', async () => {
    for (const role of ['OWNER', 'owner ', 'Admin', 'superuser', '', 7, null]) {
      const res = await invite(org.owner.token, { email: 'x@example.com', role });
      expect(res.status, String(role)).toBe(422);
      expect(res.body.error.fields).toHaveProperty('role');
    }
  });

  it('refuses a department or workspace of another organization with 422 naming the field', async () => {
    const other = await createUser(h, 'other@globex.test');
    const otherOrg = await createOrg(h, other, 'Globex');
    const dep = await createDepartment(h, otherOrg, other.token, 'Sales');
    const ws = await createWorkspace(h, otherOrg, other.token, 'Secret');
    const mine = await createWorkspace(h, org.orgId, org.owner.token, 'Mine');
    const byDep = await invite(org.owner.token, {
      email: 'x@example.com',
      role: 'member',
      departmentId: dep,
    });
    expect(byDep.status).toBe(422);
    expect(byDep.body.error.fields).toEqual({
      departmentId: 'does not exist in this organization',
    });
    const byWs = await invite(org.owner.token, {
      email: 'x@example.com',
      role: 'member',
      workspaces: [
        { workspaceId: mine, role: 'member' },
        { workspaceId: ws, role: 'manager' },
      ],
    });
    expect(byWs.status).toBe(422);
    expect(byWs.body.error.fields).toEqual({
      'workspaces.1.workspaceId': 'does not exist in this organization',
    });
    expect(await h.db.select().from(invitations)).toHaveLength(0);
  });

  it('pre-assigns workspaces only for the member role', async () => {
    const ws = await createWorkspace(h, org.orgId, org.owner.token, 'Design');
    const grants = [{ workspaceId: ws, role: 'manager' }];
    const admin = await invite(org.owner.token, {
      email: 'x@example.com',
      role: 'admin',
      workspaces: grants,
    });
    expect(admin.status).toBe(422);
    expect(admin.body.error.fields.workspaces).toMatch(/member role/);
    const member = await invite(org.owner.token, {
      email: 'x@example.com',
      role: 'member',
      workspaces: grants,
    });
    expect(member.status).toBe(201);
    expect(member.body.invitation.workspaces).toEqual([
      { workspaceId: ws, name: 'Design', role: 'manager' },
    ]);
  });

  it('answers 409 already_member for an active member, whatever the case of the address', async () => {
    const res = await invite(org.owner.token, { email: 'MEMBER@acme.test', role: 'member' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_member');
  });

  it('answers 409 already_invited while one is pending; a canceled or expired one no longer blocks', async () => {
    const first = await invite(org.owner.token, { email: 'alice@example.com', role: 'member' });
    const again = await invite(org.admin.token, { email: 'Alice@example.com', role: 'admin' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_invited');
    await h.call('DELETE', `/api/orgs/${org.orgId}/invitations/${first.body.invitation.id}`, {
      token: org.owner.token,
    });
    const second = await invite(org.owner.token, { email: 'alice@example.com', role: 'member' });
    expect(second.status).toBe(201);
    h.clock.advance(73 * HOUR);
    const third = await invite(org.owner.token, { email: 'alice@example.com', role: 'member' });
    expect(third.status).toBe(201);
    const [old] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, second.body.invitation.id));
    expect(old!.status).toBe('expired');
  });

  it('two parallel invitations of one address make one invitation and one 409', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => invite(org.owner.token, { email: 'race@example.com', role: 'member' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('expires after the organization’s inviteTtlHours and respects allowedEmailDomains', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { inviteTtlHours: 2, allowedEmailDomains: ['example.com'] },
    });
    const res = await invite(org.owner.token, { email: 'a@example.com', role: 'member' });
    expect(Date.parse(res.body.invitation.expiresAt) - h.clock.now()).toBe(2 * HOUR);
    const outside = await invite(org.owner.token, { email: 'a@elsewhere.org', role: 'member' });
    expect(outside.status).toBe(422);
    expect(outside.body.error.fields.email).toMatch(/domain/);
  });

  it('needs sign-in and membership of the organization', async () => {
    expect(
      (
        await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
          body: { email: 'a@example.com', role: 'member' },
        })
      ).status,
    ).toBe(401);
    const stranger = await createUser(h, 'stranger@example.com');
    expect((await invite(stranger.token, { email: 'a@example.com', role: 'member' })).status).toBe(
      404,
    );
  });
});
