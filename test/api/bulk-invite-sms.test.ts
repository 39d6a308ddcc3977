import { describe, expect, it } from 'vitest';
import { bulkInvite } from '../helpers/bulk-invite';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, deliver, mailbox } from '../helpers/invitations';

let h: Harness;
let org: Org;
const { send, stateOf, legacyPerson } = bulkInvite((s) => ({ h, org } = s));

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

  it('an SMS that cannot start leaves an invitation already sent by e-mail as it was, and still says why', async () => {
    const person = await addPerson(h, org.orgId, org.owner.token, {
      email: 'mail-only@example.com',
    });
    expect((await send(org.owner.token, [person], 'email')).status).toBe(202);
    await deliver(h);
    expect((await stateOf(person)).state).toBe('invited');
    const bySms = await send(org.owner.token, [person], 'sms');
    expect(bySms.body.errors).toEqual([
      expect.objectContaining({ userId: person, code: 'missing_contact' }),
    ]);
    // The e-mail's link still works, and the list still says so.
    expect(await stateOf(person)).toMatchObject({ state: 'invited', error: null });
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
