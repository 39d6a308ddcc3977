import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memberships, outbox, users } from '../../worker/src/db/schema';
import { findActionToken } from '../../worker/src/features/accounts/action-tokens';
import { newId } from '../../worker/src/lib/ids';
import { AT_SCALE_QUOTA, startHarness, type Harness } from '../helpers/harness';
import {
  addPerson,
  deliver,
  HOUR,
  initialPasswordIn,
  linkToken,
  mailbox,
  messagesTo,
} from '../helpers/invitations';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness({ messageQuota: AT_SCALE_QUOTA });
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const send = (token: string, userIds: string[], channel: 'email' | 'sms' = 'email') =>
  h.call('POST', `/api/orgs/${org.orgId}/members/invite`, { token, body: { userIds, channel } });
const stateOf = async (userId: string) => {
  const [m] = await h.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, userId)));
  return { state: m!.invitationState, error: m!.invitationError, status: m!.status };
};
/**
 * Someone whose profile came from elsewhere (an older system) with contact data as it was typed.
 */
async function legacyPerson(contact: { email?: string; phone?: string }): Promise<string> {
  const id = newId();
  const t = h.clock.now();
  await h.db.insert(users).values({
    id,
    email: contact.email ?? null,
    phone: contact.phone ?? null,
    name: 'Legacy',
    createdAt: t,
  });
  await h.db.insert(memberships).values({
    orgId: org.orgId,
    userId: id,
    role: 'member',
    status: 'pending',
    source: 'import',
    phone: contact.phone ?? null,
    createdAt: t,
    updatedAt: t,
  });
  return id;
}

describe('POST /members/invite by e-mail', () => {
  it('queues, then marks invited; the message carries login address, account and a set-password link that activates', async () => {
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'ivan@example.com' });
    const res = await send(org.admin.token, [id]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: 1, errors: [] });
    await deliver(h);
    expect(await stateOf(id)).toEqual({ state: 'invited', error: null, status: 'pending' });
    const [mail] = await messagesTo(h, 'ivan@example.com');
    expect(mail!.text).toContain('Login address: http://localhost:8787/login');
    expect(mail!.text).toContain('Login account: ivan@example.com');
    const token = linkToken(mail!.text, 'set-password');
    const form = new URLSearchParams({
      newPassword: 'my own good password',
      confirmPassword: 'my own good password',
    }).toString();
    const set = await h.call('POST', `/set-password/${token}`, {
      raw: form,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost:8787',
      },
    });
    expect(set.status).toBe(200);
    expect((await stateOf(id)).status).toBe('active');
    const login = await h.call('POST', '/api/auth/login', {
      body: { email: 'ivan@example.com', password: 'my own good password' },
    });
    expect(login.body.memberships).toEqual([{ orgId: org.orgId, orgName: 'Acme', role: 'member' }]);
  });

  it('uses the organization’s login address and sends again as a resend: the old link stops working', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { loginUrl: 'https://sso.acme.test/sign-in' },
    });
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'ivan@example.com' });
    await send(org.owner.token, [id]);
    await deliver(h);
    await send(org.owner.token, [id]);
    expect((await stateOf(id)).state).toBe('queued');
    await deliver(h);
    const [first, second] = await messagesTo(h, 'ivan@example.com');
    expect(second!.text).toContain('Sign-in page given by “Acme”: https://sso.acme.test/sign-in');
    const old = await findActionToken(
      h.db,
      h.services.tokens,
      'set_password',
      linkToken(first!.text, 'set-password'),
      h.clock.now(),
    );
    const fresh = await findActionToken(
      h.db,
      h.services.tokens,
      'set_password',
      linkToken(second!.text, 'set-password'),
      h.clock.now(),
    );
    expect(old).toMatchObject({ ok: false, code: 'token_used' });
    expect(fresh.ok).toBe(true);
    expect((await stateOf(id)).state).toBe('invited');
  });

  it('sends a confirm link to someone who already has an account', async () => {
    const res = await h.call('POST', `/api/orgs/${org.orgId}/members`, {
      token: org.owner.token,
      body: { firstName: 'Mem', lastName: 'Ber', email: 'someone@else.test' },
    });
    await h.db
      .update(users)
      .set({ passwordHash: 'scrypt$ln=14,r=8,p=1$AAAA$AAAA' })
      .where(eq(users.id, res.body.userId));
    await send(org.owner.token, [res.body.userId]);
    await deliver(h);
    expect((await messagesTo(h, 'someone@else.test'))[0]!.text).toContain('/confirm/');
  });

  it('reports per-person errors and still invites the others; contact problems set the state to error', async () => {
    const good = await addPerson(h, org.orgId, org.owner.token, { email: 'good@example.com' });
    const phoneOnly = await addPerson(h, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    const badEmail = await legacyPerson({ email: 'not an address' });
    const owner = await addPerson(h, org.orgId, org.owner.token, {
      email: 'boss@example.com',
      role: 'owner',
    });
    const res = await send(org.admin.token, [
      good,
      phoneOnly,
      badEmail,
      owner,
      org.member.id,
      'unknown-id',
      good,
    ]);
    expect(res.status).toBe(202);
    expect(res.body.queued).toBe(1);
    const codes = Object.fromEntries(
      res.body.errors.map((e: { userId: string; code: string }) => [e.userId, e.code]),
    );
    expect(codes).toEqual({
      [phoneOnly]: 'missing_contact',
      [badEmail]: 'invalid_email',
      [owner]: 'forbidden',
      [org.member.id]: 'already_member',
      'unknown-id': 'not_found',
    });
    expect(await stateOf(phoneOnly)).toMatchObject({
      state: 'error',
      error: 'No e-mail address in the profile',
    });
    expect((await stateOf(badEmail)).state).toBe('error');
    expect((await stateOf(owner)).state).toBe('not_invited');
    expect((await stateOf(good)).state).toBe('queued');
    expect((await send(org.owner.token, [owner])).body.queued).toBe(1);
  });

  it('is refused to members as a whole, and validates the request', async () => {
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'x@example.com' });
    expect((await send(org.member.token, [id])).status).toBe(403);
    expect(
      (
        await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
          token: org.owner.token,
          body: { userIds: [], channel: 'email' },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
          token: org.owner.token,
          body: { userIds: [id], channel: 'fax' },
        })
      ).status,
    ).toBe(422);
    expect(await h.db.select().from(outbox)).toHaveLength(0);
  });
});

describe('POST /members/invite by SMS', () => {
  it('sends the SMS; phones without a country code or invalid ones are per-person errors', async () => {
    const ok = await addPerson(h, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    const noCode = await legacyPerson({ phone: '9051111111' });
    const invalid = await legacyPerson({ phone: '+1 23' });
    const none = await addPerson(h, org.orgId, org.owner.token, { email: 'nophone@example.com' });
    const res = await send(org.owner.token, [ok, noCode, invalid, none], 'sms');
    const codes = Object.fromEntries(
      res.body.errors.map((e: { userId: string; code: string }) => [e.userId, e.code]),
    );
    expect(codes).toEqual({
      [noCode]: 'phone_without_country_code',
      [invalid]: 'invalid_phone',
      [none]: 'missing_contact',
    });
    expect((await stateOf(noCode)).error).toMatch(/country code/);
    await deliver(h);
    const [sms] = await mailbox(h);
    expect(sms).toMatchObject({ channel: 'sms', to: '+79051111111' });
    expect(sms!.text).toContain('/set-password/');
    expect(sms!.text).toContain('as +79051111111');
    expect((await stateOf(ok)).state).toBe('invited');
  });

  it('goes by e-mail in e-mail-only mode', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { emailOnly: true },
    });
    const both = await addPerson(h, org.orgId, org.owner.token, {
      email: 'both@example.com',
      phone: '+79051111111',
    });
    const phoneOnly = await addPerson(h, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79052222222',
    });
    const res = await send(org.owner.token, [both, phoneOnly], 'sms');
    expect(res.body.errors).toEqual([
      { userId: phoneOnly, code: 'missing_contact', message: 'No e-mail address in the profile' },
    ]);
    await deliver(h);
    expect((await mailbox(h)).map((m) => [m.channel, m.to])).toEqual([
      ['email', 'both@example.com'],
    ]);
  });
});

describe('initial passwords (sendInitialPassword)', () => {
  it('the message carries a password that signs in once, must be changed, activates the membership, and expires', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { sendInitialPassword: true, inviteTtlHours: 24 },
    });
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'ivan@example.com' });
    const late = await addPerson(h, org.orgId, org.owner.token, { email: 'late@example.com' });
    await send(org.owner.token, [id, late]);
    await deliver(h);
    const password = initialPasswordIn((await messagesTo(h, 'ivan@example.com'))[0]!.text);
    const [row] = await h.db.select().from(users).where(eq(users.id, id));
    expect(row!.passwordHash).toBeNull(); // nothing usable is stored before it is used
    expect(JSON.stringify(await h.db.select().from(outbox))).not.toContain(password);

    const login = await h.call('POST', '/api/auth/login', {
      body: { email: 'ivan@example.com', password },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect(login.body.memberships).toEqual([{ orgId: org.orgId, orgName: 'Acme', role: 'member' }]);
    const blocked = await h.call('GET', `/api/orgs/${org.orgId}`, { token: login.body.token });
    expect(blocked.body.error.code).toBe('password_change_required');
    const changed = await h.call('POST', '/api/account/password', {
      token: login.body.token,
      body: { currentPassword: password, newPassword: 'my own good password' },
    });
    expect(changed.status).toBe(204);
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}`, { token: login.body.token })).status,
    ).toBe(200);

    const latePassword = initialPasswordIn((await messagesTo(h, 'late@example.com'))[0]!.text);
    h.clock.advance(25 * HOUR);
    const expired = await h.call('POST', '/api/auth/login', {
      body: { email: 'late@example.com', password: latePassword },
    });
    expect([expired.status, expired.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect((await stateOf(late)).status).toBe('pending');
  });

  it('a resend kills the earlier password, and SMS carries login and password to someone known by phone', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { sendInitialPassword: true },
    });
    const id = await addPerson(h, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    await send(org.owner.token, [id], 'sms');
    await deliver(h);
    const first = initialPasswordIn((await messagesTo(h, '+79051111111'))[0]!.text);
    expect((await messagesTo(h, '+79051111111'))[0]!.text).toContain('as +79051111111');
    await send(org.owner.token, [id], 'sms');
    await deliver(h);
    const second = initialPasswordIn((await messagesTo(h, '+79051111111'))[1]!.text);
    expect(second).not.toBe(first);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { phone: '+79051111111', password: first },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { phone: '+79051111111', password: second },
        })
      ).status,
    ).toBe(200);
  });

  it('someone who signs in with an e-mail address gets, by SMS, a link rather than a password (the phone proves only itself)', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { sendInitialPassword: true },
    });
    const id = await addPerson(h, org.orgId, org.owner.token, {
      email: 'ivan@example.com',
      phone: '+79051111111',
    });
    await send(org.owner.token, [id], 'sms');
    await deliver(h);
    const [sms] = await messagesTo(h, '+79051111111');
    expect(sms!.text).toContain('/set-password/');
    expect(() => initialPasswordIn(sms!.text)).toThrow();
  });
});

describe('at scale, and in the local mailbox', () => {
  it('queues 10 000 people in one request', async () => {
    const lines = ['firstName,lastName,email,phone'];
    for (let i = 0; i < 10_000; i++)
      lines.push(`F${i},L${i},p${i}@example.com,+7905${String(10_000_000 + i).slice(1)}`);
    await h.call('POST', `/api/orgs/${org.orgId}/members/import`, {
      token: org.owner.token,
      raw: lines.join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    const ids = (
      await h.db
        .select({ id: memberships.userId })
        .from(memberships)
        .where(eq(memberships.status, 'pending'))
    ).map((r) => r.id);
    const started = performance.now();
    const res = await send(org.owner.token, ids);
    const queuedMs = performance.now() - started;
    expect(res.body).toEqual({ queued: 10_000, errors: [] });
    console.log(`bulk send to 10 000 people: queued in ${Math.round(queuedMs)} ms`);
    expect(queuedMs).toBeLessThan(10_000);
    expect(await h.db.select({ id: outbox.id }).from(outbox)).toHaveLength(10_000);
  });

  it('the local mailbox (/dev/mail) shows the e-mails and the SMS that went out', async () => {
    const a = await addPerson(h, org.orgId, org.owner.token, { email: 'mail@example.com' });
    const b = await addPerson(h, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    await send(org.owner.token, [a]);
    await send(org.owner.token, [b], 'sms');
    await deliver(h);
    const page = await h.call('GET', '/dev/mail.json');
    expect(page.body.items.map((m: { channel: string; to: string }) => [m.channel, m.to])).toEqual([
      ['sms', '+79051111111'],
      ['email', 'mail@example.com'],
    ]);
    const html = (await h.call('GET', '/dev/mail')).text;
    expect(html).toContain('SMS to +79051111111');
    expect(html).toContain('E-mail to mail@example.com');
  });
});
