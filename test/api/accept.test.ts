import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auditEvents,
  invitations,
  memberships,
  users,
  workspaceMembers,
} from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { createDepartment, createWorkspace, HOUR } from '../helpers/invitations';
import { addMember, createOrg, createUser, orgWithRoles, PASSWORD } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

/**
 * An invitation sent by e-mail (its link proves the address): answers its id and the token its
 * message carries.
 */
async function invite(token: string, body: Record<string, unknown>) {
  const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
    token,
    body: { role: 'member', channel: 'email', ...body },
  });
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  const [row] = await h.db
    .select()
    .from(invitations)
    .where(eq(invitations.id, res.body.invitation.id));
  return {
    id: row!.id,
    token: await h.services.tokens.derive('invitation', row!.id, row!.tokenNonce),
  };
}
const accept = (token: string, body: Record<string, unknown>, bearer?: string) =>
  h.call('POST', `/api/invite/${token}/accept`, { body, token: bearer });
const NEW = { name: 'Alice Liddell', password: 'a good long password' };
const snapshot = async () => ({
  invitations: await h.db.select().from(invitations),
  memberships: await h.db.select().from(memberships),
  users: (await h.db.select().from(users)).map((u) => ({ ...u, lastActiveAt: null })),
});

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

  it('accepting twice, after cancel or after expiry changes nothing and answers 410', async () => {
    const once = await invite(org.owner.token, { email: 'a@example.com' });
    expect((await accept(once.token, NEW)).status).toBe(200);
    let before = await snapshot();
    const twice = await accept(once.token, NEW);
    expect([twice.status, twice.body.error.code]).toEqual([410, 'invitation_accepted']);
    expect(await snapshot()).toEqual(before);

    const canceled = await invite(org.owner.token, { email: 'b@example.com' });
    await h.call('DELETE', `/api/orgs/${org.orgId}/invitations/${canceled.id}`, {
      token: org.owner.token,
    });
    const expired = await invite(org.owner.token, { email: 'c@example.com' });
    h.clock.advance(72 * HOUR);
    before = await snapshot();
    const a = await accept(canceled.token, NEW);
    const b = await accept(expired.token, NEW);
    expect([a.status, a.body.error.code]).toEqual([410, 'invitation_canceled']);
    expect([b.status, b.body.error.code]).toEqual([410, 'invitation_expired']);
    expect(await snapshot()).toEqual(before);
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

  it('fails when the inviter has lost the right to invite', async () => {
    const inv = await invite(org.admin.token, { email: 'x@example.com', role: 'admin' });
    await addMember(h, org.orgId, org.admin, 'member');
    const before = await snapshot();
    const res = await accept(inv.token, NEW);
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect(await snapshot()).toEqual(before);
    await addMember(h, org.orgId, org.admin, 'admin');
    expect((await accept(inv.token, NEW)).status).toBe(200);
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

  it('limits password guesses on one invitation with 429 and Retry-After', async () => {
    await createUser(h, 'guess@example.com');
    const inv = await invite(org.owner.token, { email: 'guess@example.com' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await accept(inv.token, { password: `wrong ${i}` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await accept(inv.token, { password: PASSWORD });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(16 * 60_000);
    expect((await accept(inv.token, { password: PASSWORD })).status).toBe(200);
  });

  it('parallel acceptances of one invitation make one membership', async () => {
    const inv = await invite(org.owner.token, { email: 'race@example.com' });
    const results = await Promise.all([1, 2, 3, 4].map(() => accept(inv.token, NEW)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => r.status < 500)).toBe(true);
    expect(await h.db.select().from(users).where(eq(users.email, 'race@example.com'))).toHaveLength(
      1,
    );
    expect(
      await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'invitation.accept')),
    ).toHaveLength(1);
  });

  it('answers 404 for unknown, tampered, truncated and over-long tokens, never 500', async () => {
    const inv = await invite(org.owner.token, { email: 'x@example.com' });
    const [id, mac] = inv.token.split('.') as [string, string];
    const flipped = `${id}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const t of [
      'nope',
      flipped,
      inv.token.slice(0, -3),
      `${inv.token}${'x'.repeat(400)}`,
      `other.${mac}`,
      '%00',
      '..%2F..',
    ]) {
      const res = await accept(t, NEW);
      expect(res.status, t).toBe(404);
      expect((await h.call('GET', `/api/invite/${t}`)).status).toBe(404);
    }
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

describe('GET /invite/:token (hosted page)', () => {
  it('shows the invitation, escaped, and opening it changes nothing', async () => {
    const other = await createUser(h, 'evil@example.com', { name: '<script>alert(1)</script>' });
    const orgId = await createOrg(h, other, 'Ev"il <Org>');
    const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
      token: other.token,
      body: { email: 'x@example.com', role: 'member', channel: 'link' },
    });
    const token = (res.body.url as string).split('/invite/')[1]!;
    const before = await snapshot();
    const page = await h.call('GET', `/invite/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('Ev&quot;il &lt;Org&gt;');
    expect(page.text).not.toContain('<script>alert');
    // A copied link: the page first offers to send a code to the invitation's address.
    expect(page.text).toContain(`action="/invite/${token}/code"`);
    expect((await h.call('HEAD', `/invite/${token}`)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect((await h.call('GET', '/invite/nope')).status).toBe(404);
  });

  it('the form accepts from its own page, and is refused from another site', async () => {
    const inv = await invite(org.owner.token, { email: 'form@example.com' });
    const form = new URLSearchParams({
      name: 'Form Person',
      password: 'a good long password',
    }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const cross = await h.call('POST', `/invite/${inv.token}`, {
      raw: form,
      headers: { ...headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(cross.status).toBe(403);
    const bad = await h.call('POST', `/invite/${inv.token}`, {
      raw: 'name=&password=x',
      headers: { ...headers, origin: 'http://localhost:8787' },
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('aria-invalid="true"');
    expect(
      await h.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, org.orgId), eq(memberships.status, 'active'))),
    ).toHaveLength(3);
    const nullCross = await h.call('POST', `/invite/${inv.token}`, {
      raw: form,
      headers: { ...headers, origin: 'null', 'sec-fetch-site': 'cross-site' },
    });
    expect(nullCross.status).toBe(403);
    // What a browser sends from the page itself under Referrer-Policy: no-referrer.
    const ok = await h.call('POST', `/invite/${inv.token}`, {
      raw: form,
      headers: { ...headers, origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Welcome to Acme');
    expect(ok.text).toContain('http://localhost:8787/login');
    const huge = await h.call('POST', `/invite/${inv.token}`, {
      raw: `name=${'x'.repeat(20_000)}&password=y`,
      headers: { ...headers, origin: 'http://localhost:8787' },
    });
    expect(huge.status).toBe(413);
    const again = await h.call('GET', `/invite/${inv.token}`);
    expect(again.status).toBe(410);
    expect(again.text).toContain('already accepted');
  });
});
