/**
 * The trust review's finding about phones an organization typed in (docs/SECURITY.md): an SMS
 * invitation, an SMS set-password link or an SMS initial password proves the phone only, never the
 * e-mail address of the account, and reads the same whether or not that account has a password.
 * Every attempt goes through the real app on a real database.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, memberships, users } from '../../worker/src/db/schema';
import { addPerson, codeSentTo, deliver, linkToken, messagesTo } from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { createUser, login } from '../helpers/seed';
import {
  h,
  acme,
  outsider,
  betaId,
  freshAcmeAndOutsider,
  VICTIM,
  OUTSIDER_PASSWORD,
  victimAccount,
} from '../helpers/trust';

freshAcmeAndOutsider();

describe('a phone an organization typed in cannot claim an e-mail address', () => {
  const ATTACKER_PHONE = '+14155550101';

  it('an SMS invitation naming someone’s e-mail address and the outsider’s phone needs a code sent to the e-mail address', async () => {
    const res = await h.call('POST', `/api/orgs/${betaId}/invitations`, {
      token: outsider.token,
      body: { email: VICTIM, phone: ATTACKER_PHONE, channel: 'sms', role: 'member' },
    });
    expect(res.status).toBe(201);
    await deliver(h);
    const [sms] = await messagesTo(h, ATTACKER_PHONE);
    const token = linkToken(sms!.text, 'invite');
    expect((await h.call('GET', `/api/invite/${token}`)).body).toMatchObject({ needsCode: true });
    const before = await fingerprint(h.db);
    const tried = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Not The Victim', password: OUTSIDER_PASSWORD },
    });
    expect([tried.status, tried.body.error.code]).toEqual([403, 'verification_required']);
    expect(
      changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'rate_limits'),
    ).toEqual([]);
    // The code goes to the e-mail address, not to the phone the outsider typed.
    expect((await h.call('POST', `/api/invite/${token}/code`)).body).toMatchObject({
      sentTo: VICTIM,
      channel: 'email',
    });
    expect(await victimAccount()).toBeUndefined();
  });

  it('a set-password link sent by SMS proves the phone only: the account’s e-mail address is proven with a code first', async () => {
    const id = await addPerson(h, betaId, outsider.token, { email: VICTIM, phone: ATTACKER_PHONE });
    await h.call('POST', `/api/orgs/${betaId}/members/invite`, {
      token: outsider.token,
      body: { userIds: [id], channel: 'sms' },
    });
    await deliver(h);
    const token = linkToken((await messagesTo(h, ATTACKER_PHONE))[0]!.text, 'set-password');
    const set = await postForm(h, `/set-password/${token}`, {
      newPassword: OUTSIDER_PASSWORD,
      confirmPassword: OUTSIDER_PASSWORD,
    });
    expect(set.status).toBe(403);
    expect((await victimAccount())!.passwordHash).toBeNull();
    // The real owner, who reads the mail, finishes it.
    expect((await postForm(h, `/set-password/${token}/code`, {})).text).toContain('name="code"');
    const code = await codeSentTo(h, VICTIM);
    expect((await h.call('GET', `/set-password/${token}`)).text).toContain('name="code"');
    const done = await postForm(h, `/set-password/${token}`, {
      code,
      newPassword: 'the victim chose this',
      confirmPassword: 'the victim chose this',
    });
    expect(done.status, done.text).toBe(200);
    expect((await victimAccount())!.emailVerifiedAt).not.toBeNull();
  });

  it('an SMS for someone who signs in with e-mail reads the same whether or not the account has a password, until the code', async () => {
    const fresh = await addPerson(h, betaId, outsider.token, {
      email: 'fresh@corp.example',
      phone: '+14155550102',
    });
    const known = await addPerson(h, betaId, outsider.token, {
      email: acme.member.email,
      phone: '+14155550103',
    });
    const sent = await h.call('POST', `/api/orgs/${betaId}/members/invite`, {
      token: outsider.token,
      body: { userIds: [fresh, known], channel: 'sms' },
    });
    expect(sent.body.queued).toBe(2);
    await deliver(h);
    const token = async (phone: string) =>
      linkToken((await messagesTo(h, phone))[0]!.text, 'set-password');
    const [freshToken, knownToken] = [await token('+14155550102'), await token('+14155550103')];
    const plain = (text: string, t: string, address: string) =>
      text.replaceAll(t, 'T').replaceAll(address, 'A');
    const sms = async (phone: string, t: string, address: string) =>
      plain((await messagesTo(h, phone))[0]!.text, t, address);
    expect(await sms('+14155550103', knownToken, acme.member.email)).toEqual(
      await sms('+14155550102', freshToken, 'fresh@corp.example'),
    );
    const page = async (t: string, address: string) =>
      plain((await h.call('GET', `/set-password/${t}`)).text, t, address);
    expect(await page(knownToken, acme.member.email)).toEqual(
      await page(freshToken, 'fresh@corp.example'),
    );
    // The organization's audit log does not say which it was either.
    const audit = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, betaId), eq(auditEvents.action, 'member.invite')));
    expect(audit.map((e) => e.detail)).toEqual([{ channel: 'sms' }, { channel: 'sms' }]);
    // With the code from the mail, the owner of the account that has a password just joins; the
    // password stays theirs.
    await postForm(h, `/set-password/${knownToken}/code`, {});
    const code = await codeSentTo(h, acme.member.email);
    const verified = await postForm(h, `/set-password/${knownToken}/verify`, { code });
    expect(verified.text).toContain('Confirm joining');
    expect(verified.text).not.toContain('name="newPassword"');
    const joined = await postForm(h, `/set-password/${knownToken}`, { code });
    expect(joined.status, joined.text).toBe(200);
    const [membership] = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, betaId), eq(memberships.userId, acme.member.id)));
    expect(membership!.status).toBe('active');
    expect(await login(h, acme.member.email)).toBeTruthy();
  });

  it('an initial password by SMS is never sent for an e-mail address, and a phone the outsider proved confirms nothing', async () => {
    await h.call('PATCH', `/api/orgs/${betaId}/settings`, {
      token: outsider.token,
      body: { sendInitialPassword: true },
    });
    // The victim's real account, proven, with the outsider's phone on it (as a squat taken back
    // with a reset leaves it).
    const victim = await createUser(h, VICTIM, { password: 'the victim chose this' });
    await h.db
      .update(users)
      .set({ phone: ATTACKER_PHONE, phoneVerifiedAt: h.clock.now() })
      .where(eq(users.id, victim.id));
    const id = await addPerson(h, betaId, outsider.token, {
      email: VICTIM,
      phone: ATTACKER_PHONE,
      role: 'member',
    });
    await h.call('POST', `/api/orgs/${betaId}/members/invite`, {
      token: outsider.token,
      body: { userIds: [id], channel: 'sms' },
    });
    await deliver(h);
    // The SMS carries no password and no one-click join: its link asks for a code sent to the
    // victim's e-mail address.
    const [sms] = await messagesTo(h, ATTACKER_PHONE);
    expect(sms!.text).not.toMatch(/password: /i);
    const link = linkToken(sms!.text, 'set-password');
    const page = (await h.call('GET', `/set-password/${link}`)).text;
    expect(page).toContain('/code');
    expect(page).not.toContain('name="newPassword"');
    const before = await fingerprint(h.db);
    // Without a code sent, there is nothing to enter; with one sent (to the victim), a guess is
    // wrong.
    expect(
      (
        await postForm(h, `/set-password/${link}`, {
          newPassword: 'the outsider chose this',
          confirmPassword: 'the outsider chose this',
        })
      ).status,
    ).toBe(403);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    await postForm(h, `/set-password/${link}/code`, {});
    await deliver(h);
    expect(await codeSentTo(h, VICTIM)).toMatch(/^\d{8}$/);
    expect((await messagesTo(h, ATTACKER_PHONE)).length).toBe(1);
    expect((await postForm(h, `/set-password/${link}/verify`, { code: '00000000' })).status).toBe(
      401,
    );
    const [membership] = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, betaId), eq(memberships.userId, victim.id)));
    expect(membership!.status).toBe('pending');
  });
});
