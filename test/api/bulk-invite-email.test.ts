import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, users } from '../../worker/src/db/schema';
import { findActionToken } from '../../worker/src/features/accounts/action-tokens';
import { bulkInvite } from '../helpers/bulk-invite';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, deliver, linkToken, messagesTo } from '../helpers/invitations';

let h: Harness;
let org: Org;
const { send, stateOf, legacyPerson } = bulkInvite((s) => ({ h, org } = s));

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
