/**
 * Finding 1 of the trust review (docs/SECURITY.md): an address becomes an account's only on proof.
 * An outsider with an organization of their own, the public API and the hosted pages tries to bind
 * someone else's address with a copied invitation link, to give a password to an account another
 * organization added, and to ride an approval into an organization as an account they made. Every
 * attempt goes through the real app on a real database.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, memberships, sessions, users } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import {
  acceptCopiedLink,
  addPerson,
  codeSentTo,
  deliver,
  linkToken,
  messagesTo,
} from '../helpers/invitations';
import { apply, createLink, linkIn, mailTo, postForm } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import {
  acmeAndOutsider,
  createUser,
  login,
  type orgWithRoles,
  type Person,
} from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
let outsider: Person;
let betaId: string;
const VICTIM = 'victim@corp.example';
const OUTSIDER_PASSWORD = 'the outsider chose this';

beforeEach(async () => {
  h = await startHarness();
  ({ acme, outsider, betaId } = await acmeAndOutsider(h));
});
afterEach(() => h.close());

/** The outsider's copied-link invitation to `email` in Beta: its token. */
async function copiedLink(email: string, orgId = betaId, token = outsider.token): Promise<string> {
  const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
    token,
    body: { email, role: 'member', channel: 'link' },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.body.url).split('/invite/')[1]!;
}

const victimAccount = async () =>
  (await h.db.select().from(users).where(eq(users.email, VICTIM)))[0];

describe('an outsider cannot bind an address by a copied link', () => {
  it('accepting a copied link for someone else’s address, through the API or the page, needs a code sent there, and changes nothing without it', async () => {
    const token = await copiedLink(VICTIM);
    const before = await fingerprint(h.db);
    const api = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Not The Victim', password: OUTSIDER_PASSWORD },
    });
    expect([api.status, api.body.error.code]).toEqual([403, 'verification_required']);
    const page = await postForm(h, `/invite/${token}`, {
      name: 'Not The Victim',
      password: OUTSIDER_PASSWORD,
    });
    expect(page.status).toBe(403);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    expect(await victimAccount()).toBeUndefined();
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: VICTIM, password: OUTSIDER_PASSWORD },
        })
      ).status,
    ).toBe(401);
  });

  it('the code goes to the invitation’s address, not to whoever asks, and a guess does not open the door', async () => {
    const token = await copiedLink(VICTIM);
    const sent = await h.call('POST', `/api/invite/${token}/code`);
    expect([sent.status, sent.body.sentTo, sent.body.channel]).toEqual([202, VICTIM, 'email']);
    await deliver(h);
    expect(await messagesTo(h, outsider.email)).toEqual([]);
    const real = await codeSentTo(h, VICTIM);
    expect(real).toMatch(/^\d{8}$/);
    const guesses = ['00000000', '12345678', '99999999', '11111111', '22222222'].filter(
      (g) => g !== real,
    );
    for (const code of guesses.slice(0, 4)) {
      const res = await h.call('POST', `/api/invite/${token}/accept`, {
        body: { name: 'Guesser', password: OUTSIDER_PASSWORD, code },
      });
      expect([res.status, res.body.error.code]).toEqual([401, 'invalid_credentials']);
    }
    // The fifth try, even the right code, finds the code used up by the guesses.
    await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Guesser', password: OUTSIDER_PASSWORD, code: guesses[4] },
    });
    const late = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Guesser', password: OUTSIDER_PASSWORD, code: real },
    });
    expect([late.status, late.body.error.code]).toEqual([403, 'verification_required']);
    expect(await victimAccount()).toBeUndefined();
  });

  it('the address’s owner accepts with the code, and the account starts out proven', async () => {
    const token = await copiedLink(VICTIM);
    const ok = await acceptCopiedLink(h, token, {
      name: 'Real Victim',
      password: 'the victim chose this',
    });
    expect(ok.status, ok.text).toBe(200);
    expect((await victimAccount())!.emailVerifiedAt).not.toBeNull();
    // The next copied link to this address needs a code too (its holder learns nothing of the
    // account before), then the account's password; signed in to the proven account, its session is
    // enough.
    const next = await copiedLink(VICTIM, acme.orgId, acme.owner.token);
    expect((await h.call('GET', `/api/invite/${next}`)).body).toMatchObject({ needsCode: true });
    expect((await h.call('GET', `/api/invite/${next}`)).body.account).toBeUndefined();
    const withCode = await acceptCopiedLink(h, next, { password: 'the victim chose this' });
    expect(withCode.status, withCode.text).toBe(200);
    const third = await copiedLink(
      VICTIM,
      (await h.call('POST', '/api/orgs', { token: acme.owner.token, body: { name: 'Third' } })).body
        .id,
      acme.owner.token,
    );
    const session = await login(h, VICTIM, 'the victim chose this');
    expect(
      (
        await h.call('POST', `/api/invite/${third}/accept`, {
          body: { password: 'the victim chose this' },
          token: session,
        })
      ).status,
    ).toBe(200);
  });

  it('the hosted page asks for the code, sends it, and accepts with it', async () => {
    const token = await copiedLink(VICTIM);
    const page = await h.call('GET', `/invite/${token}`);
    expect(page.text).toContain(`Send a code to ${VICTIM}`);
    const sent = await postForm(h, `/invite/${token}/code`, {});
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('name="code"');
    expect(sent.text).not.toContain('name="password"');
    const code = await codeSentTo(h, VICTIM);
    // Opened again (from the message, say), the page asks for the code already sent rather than
    // sending another.
    const reopened = await h.call('GET', `/invite/${token}`);
    expect(reopened.text).toContain('name="code"');
    expect(reopened.text).toContain(`We sent a code to ${VICTIM}`);
    const wrong = await postForm(h, `/invite/${token}/verify`, {
      code: code === '00000000' ? '00000001' : '00000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('name="code"');
    const right = await postForm(h, `/invite/${token}/verify`, { code });
    expect(right.status).toBe(200);
    expect(right.text).toContain('name="name"');
    expect(right.text).toContain(`name="code" value="${code}"`);
    const ok = await postForm(h, `/invite/${token}`, {
      name: 'Real Victim',
      password: 'the victim chose this',
      code,
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text).toContain('Welcome to Beta');
  });

  it('the right code spends no try: pages that check it again leave it its five', async () => {
    const token = await copiedLink(VICTIM);
    await postForm(h, `/invite/${token}/code`, {});
    const code = await codeSentTo(h, VICTIM);
    // A person going back and forth (the step after /verify, a form sent back) checks the same
    // right code many times.
    for (let i = 0; i < 7; i++)
      expect((await postForm(h, `/invite/${token}/verify`, { code })).status).toBe(200);
    // Wrong ones still count: four of them leave one try, which the right code passes.
    const wrong = code === '00000000' ? '00000001' : '00000000';
    for (let i = 0; i < 4; i++)
      expect((await postForm(h, `/invite/${token}/verify`, { code: wrong })).status).toBe(401);
    const ok = await postForm(h, `/invite/${token}`, {
      name: 'Real Victim',
      password: 'the victim chose this',
      code,
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('an invitation that went by e-mail needs no code: its link is the proof', async () => {
    const res = await h.call('POST', `/api/orgs/${acme.orgId}/invitations`, {
      token: acme.owner.token,
      body: { email: VICTIM, role: 'member' },
    });
    expect(res.status).toBe(201);
    const token = linkToken((await mailTo(h, VICTIM))[0]!.text, 'invite');
    expect((await h.call('GET', `/api/invite/${token}`)).body.needsCode).toBe(false);
    expect((await h.call('POST', `/api/invite/${token}/code`)).status).toBe(409);
    expect(
      (
        await h.call('POST', `/api/invite/${token}/accept`, {
          body: { name: 'Real Victim', password: 'the victim chose this' },
        })
      ).status,
    ).toBe(200);
    expect((await victimAccount())!.emailVerifiedAt).not.toBeNull();
  });
});

describe('a copied link cannot give a password to an account another organization added', () => {
  it('a person Acme added (pending, no password) stays without one', async () => {
    await addPerson(h, acme.orgId, acme.owner.token, { email: VICTIM });
    const token = await copiedLink(VICTIM);
    expect((await h.call('GET', `/api/invite/${token}`)).body).toMatchObject({ needsCode: true });
    const res = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Not The Victim', password: OUTSIDER_PASSWORD },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'verification_required']);
    expect((await victimAccount())!.passwordHash).toBeNull();
  });

  it('an account with a password is never given a new one by an invitation', async () => {
    const victim = await createUser(h, VICTIM, { password: 'the victim chose this' });
    const res = await h.call('POST', `/api/orgs/${acme.orgId}/invitations`, {
      token: acme.owner.token,
      body: { email: VICTIM, role: 'member' },
    });
    expect(res.status).toBe(201);
    const token = linkToken((await mailTo(h, VICTIM))[0]!.text, 'invite');
    const takeover = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Someone', password: OUTSIDER_PASSWORD },
    });
    expect([takeover.status, takeover.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: victim.email, password: 'the victim chose this' },
        })
      ).status,
    ).toBe(200);
  });
});

describe('approval and "confirm joining" are safe whoever made the account', () => {
  /**
   * An account someone else set a password on, its address never proven (what the copied-link hole
   * left behind).
   */
  async function squattedAccount(): Promise<string> {
    const t = h.clock.now();
    const id = 'squatted-account';
    await h.db.insert(users).values({
      id,
      email: VICTIM,
      name: 'Squatter',
      passwordHash: await h.services.passwords.hash(OUTSIDER_PASSWORD),
      createdAt: t,
      registeredAt: t,
    });
    return id;
  }

  it('the confirm link of an unproven account asks for its password, and the address’s owner takes the account back with a reset', async () => {
    const userId = await squattedAccount();
    const squatterToken = await login(h, VICTIM, OUTSIDER_PASSWORD);
    const link = await createLink(h, acme.orgId, acme.owner.token, { requiresApproval: false });
    expect((await apply(h, link.token, { name: 'Real Victim', email: VICTIM })).status).toBe(201);
    const confirm = linkIn((await mailTo(h, VICTIM)).at(-1)!, '/confirm/');
    expect((await h.call('GET', confirm)).text).toContain('name="password"');
    const oneClick = await postForm(h, confirm, {});
    expect(oneClick.status).toBe(401);
    const inAcme = async () =>
      (
        await h.db
          .select()
          .from(memberships)
          .where(and(eq(memberships.orgId, acme.orgId), eq(memberships.userId, userId)))
      )[0]!.status;
    expect(await inAcme()).toBe('pending');

    // The owner of the address asks for a new password; following the link proves the address.
    expect((await postForm(h, '/reset-password', { email: VICTIM })).status).toBe(200);
    await h.settled();
    const reset = linkIn((await mailTo(h, VICTIM)).at(-1)!, '/reset-password/');
    const set = await postForm(h, reset, {
      newPassword: 'the victim chose this',
      confirmPassword: 'the victim chose this',
    });
    expect(set.status, set.text).toBe(200);
    // Used, the link says what to do next: sign in, or ask for another.
    const again = await h.call('GET', reset);
    expect([again.status, again.text.includes('ask for a new link at /reset-password')]).toEqual([
      410,
      true,
    ]);
    expect(await h.db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
    expect((await h.call('GET', '/api/me', { token: squatterToken })).status).toBe(401);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: VICTIM, password: OUTSIDER_PASSWORD },
        })
      ).status,
    ).toBe(401);

    // Now proven: the confirm link is one button, and the squatter's old password opens nothing.
    const proven = await postForm(h, confirm, {});
    expect(proven.status, proven.text).toBe(200);
    expect(await inAcme()).toBe('active');
  });

  it('a confirm link to a proven account stays one button', async () => {
    await createUser(h, VICTIM);
    const link = await createLink(h, acme.orgId, acme.owner.token, { requiresApproval: false });
    await apply(h, link.token, { name: 'Real Victim', email: VICTIM });
    const confirm = linkIn((await mailTo(h, VICTIM)).at(-1)!, '/confirm/');
    expect((await h.call('GET', confirm)).text).not.toContain('name="password"');
    expect((await postForm(h, confirm, {})).status).toBe(200);
  });
});

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

describe('a copied link’s holder learns nothing of the address’s account before the code', () => {
  it('an address with a proven account and one without look alike, on the API and the page, until the code', async () => {
    await createUser(h, 'known@corp.example');
    const known = await copiedLink('known@corp.example');
    const unknown = await copiedLink('unknown@corp.example');
    const info = async (token: string) => {
      const {
        email: _e,
        expiresAt: _x,
        ...rest
      } = (await h.call('GET', `/api/invite/${token}`)).body;
      return rest;
    };
    expect(await info(known)).toEqual(await info(unknown));
    const accept = async (token: string) =>
      (
        await h.call('POST', `/api/invite/${token}/accept`, {
          body: { name: 'X', password: 'short' },
        })
      ).body.error.code;
    expect(await accept(known)).toBe('verification_required');
    expect(await accept(unknown)).toBe('verification_required');
    const page = async (token: string) =>
      (await h.call('GET', `/invite/${token}`)).text
        .replaceAll(token, 'T')
        .replace(/(known|unknown)@corp\.example/g, 'A')
        .replace(/<time[^>]*>[^<]*<\/time>/, '');
    expect(await page(known)).toEqual(await page(unknown));
    // After the code, the page shows the form that applies.
    await h.call('POST', `/api/invite/${known}/code`);
    const verified = await h.call('POST', `/api/invite/${known}/verify`, {
      body: { code: await codeSentTo(h, 'known@corp.example') },
    });
    expect(verified.body).toEqual({ account: 'existing' });
  });
});

describe('accepting while signed in as someone else', () => {
  it('says which account the invitation is for, refuses the other one, and changes nothing', async () => {
    const token = await copiedLink(VICTIM);
    const info = await h.call('GET', `/api/invite/${token}`, { token: outsider.token });
    expect(info.body.signedIn).toEqual({ account: outsider.email, matches: false });
    const before = await fingerprint(h.db);
    const res = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { password: 'correct horse battery' },
      token: outsider.token,
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect(res.body.error.message).toContain(`for ${VICTIM}`);
    expect(res.body.error.message).toContain(`signed in as ${outsider.email}`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    expect((await h.call('GET', `/invite/${token}`)).text).toContain(
      `This invitation is for ${VICTIM} alone`,
    );
  });
});
