import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, users } from '../../worker/src/db/schema';
import { bulkInvite } from '../helpers/bulk-invite';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, deliver, HOUR, initialPasswordIn, messagesTo } from '../helpers/invitations';

let h: Harness;
let org: Org;
const { send, stateOf } = bulkInvite((s) => ({ h, org } = s));

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
