import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditEvents,
  invitations,
  memberships,
  users,
  workspaceMembers,
} from '../../worker/src/db/schema';
import { acceptTests, NEW } from '../helpers/accept';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createDepartment, createWorkspace } from '../helpers/invitations';
import { addMember, createUser, PASSWORD } from '../helpers/seed';

let h: Harness;
let org: Org;
const { invite, accept, snapshot } = acceptTests((s) => ({ h, org } = s));

describe('POST /api/invite/:token/accept', () => {
  it('a new person sets name and password and joins with the role, department, profile and workspaces', async () => {
    const dep = await createDepartment(h, org.orgId, org.owner.token, 'Research');
    const ws = await createWorkspace(h, org.orgId, org.owner.token, 'Lab');
    const inv = await invite(org.admin.token, {
      email: 'alice@example.com',
      departmentId: dep,
      workspaces: [{ workspaceId: ws, role: 'manager' }],
      profile: { position: 'Chemist' },
    });
    const res = await accept(inv.token, NEW);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      email: 'alice@example.com',
      name: 'Alice Liddell',
      mustChangePassword: false,
    });
    expect(res.body.membership).toEqual({
      orgId: org.orgId,
      userId: res.body.user.id,
      role: 'member',
      status: 'active',
    });
    const me = await h.call('GET', '/api/me', { token: res.body.token });
    expect(me.body.memberships).toEqual([{ orgId: org.orgId, orgName: 'Acme', role: 'member' }]);
    const [m] = await h.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, res.body.user.id));
    expect(m).toMatchObject({
      status: 'active',
      departmentId: dep,
      position: 'Chemist',
      firstName: 'Alice',
      lastName: 'Liddell',
      source: 'invitation',
    });
    expect(
      await h.db
        .select()
        .from(workspaceMembers)
        .where(eq(workspaceMembers.userId, res.body.user.id)),
    ).toMatchObject([{ workspaceId: ws, role: 'manager' }]);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'alice@example.com', password: NEW.password },
        })
      ).status,
    ).toBe(200);
    const audit = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'invitation.accept'));
    expect(audit).toHaveLength(1);
  });

  it('an existing account proves itself with its password; a wrong one changes nothing', async () => {
    const bob = await createUser(h, 'bob@example.com', { name: 'Bob' });
    const inv = await invite(org.owner.token, { email: 'BOB@example.com', role: 'admin' });
    expect((await h.call('GET', `/api/invite/${inv.token}`)).body.account).toBe('existing');
    const before = await snapshot();
    const wrong = await accept(inv.token, { password: 'not the password' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect(await snapshot()).toEqual(before);
    const ok = await accept(inv.token, { password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.membership).toMatchObject({ userId: bob.id, role: 'admin' });
    const [user] = await h.db.select().from(users).where(eq(users.id, bob.id));
    expect(user!.name).toBe('Bob');
  });

  it('refuses a signed-in account whose address is not the invited one with 403, and changes nothing', async () => {
    const carol = await createUser(h, 'carol@example.com');
    const inv = await invite(org.owner.token, { email: 'dave@example.com' });
    const before = await snapshot();
    const res = await accept(inv.token, { password: PASSWORD }, carol.token);
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect(await snapshot()).toEqual(before);
    const dave = await createUser(h, 'dave@example.com');
    expect((await accept(inv.token, { password: PASSWORD }, dave.token)).status).toBe(200);
    expect((await accept(inv.token, { password: PASSWORD }, 'garbage.token')).status).toBe(401);
  });

  it('asks a new person for a name and a real password, and an active member gets 409', async () => {
    const inv = await invite(org.owner.token, { email: 'new@example.com' });
    const res = await accept(inv.token, { password: 'short' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['name', 'password']);
    expect(await h.db.select().from(users).where(eq(users.email, 'new@example.com'))).toHaveLength(
      0,
    );
    const member = await invite(org.owner.token, { email: 'late@example.com' });
    const late = await createUser(h, 'late@example.com');
    await addMember(h, org.orgId, late, 'member');
    const dup = await accept(member.token, { password: PASSWORD });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'already_member']);
  });

  it('accepts a phone-only SMS invitation into an account with that phone', async () => {
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { phone: '+79051111111', channel: 'sms', role: 'member' },
    });
    const { url } = (
      await h.call('POST', `/api/orgs/${org.orgId}/invitations/${res.body.invitation.id}/resend`, {
        token: org.owner.token,
      })
    ).body;
    expect(url).toBeUndefined();
    const [row] = await h.db.select().from(invitations);
    const token = await h.services.tokens.derive('invitation', row!.id, row!.tokenNonce);
    const ok = await accept(token, NEW);
    expect(ok.status).toBe(200);
    const [user] = await h.db.select().from(users).where(eq(users.id, ok.body.user.id));
    expect(user).toMatchObject({ phone: '+79051111111', email: null });
  });

  it('a phone-only person added by hand accepts an SMS invitation to their phone: the pending member becomes active, no second person', async () => {
    const added = await h.call('POST', `/api/orgs/${org.orgId}/members`, {
      token: org.owner.token,
      body: { firstName: 'Pat', lastName: 'Phone', phone: '+79052222222' },
    });
    expect(added.status).toBe(201);
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { phone: '+79052222222', channel: 'sms', role: 'member' },
    });
    expect(sent.status).toBe(201);
    const [row] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, sent.body.invitation.id));
    const ok = await accept(
      await h.services.tokens.derive('invitation', row!.id, row!.tokenNonce),
      NEW,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(added.body.userId);
    const people = await h.db.select().from(users).where(eq(users.phone, '+79052222222'));
    expect(people).toHaveLength(1);
    expect(people[0]!.passwordHash).not.toBeNull();
    const [member] = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, added.body.userId)));
    expect(member).toMatchObject({ status: 'active', firstName: 'Alice', lastName: 'Liddell' }); // as they named themselves
  });
});
