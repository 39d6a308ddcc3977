/**
 * Finding 8 of the trust review (docs/SECURITY.md) and those after it about phones: accounts that
 * share a phone are limited each on its own, so a twin an outsider holds or adds can neither reset
 * the victim's limits, hide the real account, lock its owner out nor crowd out its initial
 * password, and a failed sign-in by phone costs the same whatever the phone has. Clients are told
 * apart by their address (`cf-connecting-ip` here).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actionTokens, users } from '../../worker/src/db/schema';
import { addPerson } from '../helpers/invitations';
import { createOrg, createUser } from '../helpers/seed';
import {
  h,
  acme,
  outsider,
  betaId,
  freshAcmeAndOutsider,
  STRICT,
  PER_ACCOUNT,
  ATTACKER,
  login,
} from '../helpers/trust';

freshAcmeAndOutsider();

describe('a phone-only twin in another organization does not reset the victim’s limit', () => {
  it('signing in to the twin between guesses leaves the guesses at the victim counted', async () => {
    const phone = '+79057654321';
    const t = h.clock.now();
    // Acme's phone-only member with a password, and Beta's phone-only account for the same number
    // (the outsider's).
    await h.db.insert(users).values([
      {
        id: 'victim-phone',
        phone,
        name: 'Victim',
        passwordHash: await h.services.passwords.hash('the victim chose this'),
        createdAt: t,
        registeredAt: t,
        phoneVerifiedAt: t,
      },
      {
        id: 'twin-phone',
        phone,
        name: 'Twin',
        passwordHash: await h.services.passwords.hash('the twin password'),
        createdAt: t,
        registeredAt: t,
        phoneVerifiedAt: t,
      },
    ]);
    const ip = ATTACKER['cf-connecting-ip'];
    const statuses: number[] = [];
    const twin: number[] = [];
    for (let i = 0; i < STRICT + 2; i++) {
      statuses.push((await login({ phone, password: `guess ${i}` }, ip)).status);
      twin.push((await login({ phone, password: 'the twin password' }, ip)).status);
    }
    // Every sign-in by that phone tries the victim's account too (the twin's password is checked
    // against it), and the twin's successes reset nothing of the victim's: within the strict limit
    // the victim's account is closed to this client, and its right password no longer opens it from
    // here. The twin, the outsider's own, still signs in.
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(twin.every((s) => s === 200)).toBe(true);
    const fromAttacker = await login({ phone, password: 'the victim chose this' }, ip);
    expect(fromAttacker.status).toBe(401);
    // The owner, from their own client, is not affected.
    expect((await login({ phone, password: 'the victim chose this' }, '203.0.113.7')).status).toBe(
      200,
    );
  });
});

describe('phone-only accounts an outsider adds do not hide the real one', () => {
  it('sign-in and "forgot your password?" by phone reach the account with a password, however many password-less twins exist', async () => {
    const phone = '+79058887766';
    const t = h.clock.now();
    await h.db.insert(users).values({
      id: 'real-phone',
      phone,
      name: 'Real',
      passwordHash: await h.services.passwords.hash('the real password 1'),
      createdAt: t,
      registeredAt: t,
      phoneVerifiedAt: t,
      lastActiveAt: t,
    });
    // Five twins the outsider's organization added (each adding makes an account; removing leaves
    // it).
    for (let i = 0; i < 5; i++) {
      const twin = await h.call('POST', `/api/orgs/${betaId}/members`, {
        token: outsider.token,
        body: { firstName: 'Twin', lastName: String(i), phone },
      });
      expect(twin.status).toBe(201);
      await h.call('DELETE', `/api/orgs/${betaId}/members/${twin.body.userId}`, {
        token: outsider.token,
      });
    }
    expect((await login({ phone, password: 'the real password 1' }, '203.0.113.30')).status).toBe(
      200,
    );
    expect(
      (
        await h.call('POST', '/api/auth/password-reset', {
          body: { phone },
          headers: { 'cf-connecting-ip': '203.0.113.30' },
        })
      ).status,
    ).toBe(202);
    await h.settled();
    await h.services.outbox.kick();
    const resets = (await h.services.mailbox!.all()).filter(
      (m) => m.to === phone && m.text.includes('/reset-password/'),
    );
    const real = await h.db
      .select()
      .from(actionTokens)
      .where(eq(actionTokens.userId, 'real-phone'));
    expect(real.filter((r) => r.purpose === 'reset_password')).toHaveLength(1);
    // One link, for the account that has a password; none for the twins, which never had one.
    expect(resets).toHaveLength(1);
    expect(
      await h.db.select().from(actionTokens).where(eq(actionTokens.purpose, 'reset_password')),
    ).toHaveLength(1);
  });
});

describe('an outsider’s phone twin cannot lock the owner out of signing in by phone', () => {
  it('past the accounts’ limit, the owner’s known client still gets in, whatever the twin’s state', async () => {
    const phone = '+79053334455';
    const t = h.clock.now();
    await h.db.insert(users).values([
      {
        id: 'owner-phone',
        phone,
        name: 'Owner',
        passwordHash: await h.services.passwords.hash('the owner chose this'),
        createdAt: t,
        registeredAt: t,
        phoneVerifiedAt: t,
        lastActiveAt: t,
      },
      {
        id: 'twin-phone',
        phone,
        name: 'Twin',
        passwordHash: await h.services.passwords.hash('the twin password'),
        createdAt: t,
        registeredAt: t,
        phoneVerifiedAt: t,
      },
    ]);
    expect((await login({ phone, password: 'the owner chose this' }, '203.0.113.50')).status).toBe(
      200,
    );
    // A flood from many clients: every guess counts against both accounts, so both pass the
    // per-account limit.
    for (let i = 0; i < PER_ACCOUNT; i++)
      await login({ phone, password: `guess ${i}` }, `198.51.${Math.floor(i / 250)}.${i % 250}`);
    // The twin's account is closed to the owner's client (it never signed in there); the owner's
    // own is not.
    expect((await login({ phone, password: 'the owner chose this' }, '203.0.113.50')).status).toBe(
      200,
    );
    expect((await login({ phone, password: 'the owner chose this' }, '203.0.113.51')).status).toBe(
      429,
    );
  });
});

describe('an outsider’s phone twins cannot crowd out the initial password the owner holds', () => {
  it('however many organizations sent that phone a link or an initial password first, Acme’s initial password signs in', async () => {
    const phone = '+14155550103';
    // The outsider, with three accounts, adds the phone in seven organizations of theirs (one
    // phone-only member each) and sends it a set-password link or an initial password from each.
    const helpers = [
      await createUser(h, 'outsider2@evil.example'),
      await createUser(h, 'outsider3@evil.example'),
    ];
    const orgs: [string, string][] = [[betaId, outsider.token]];
    for (const [i, owner] of [outsider, outsider, ...helpers, ...helpers, helpers[0]!].entries())
      orgs.push([await createOrg(h, owner, `Twin ${i}`), owner.token]);
    for (const [i, [orgId, token]] of orgs.entries()) {
      if (i % 2 === 1)
        await h.call('PATCH', `/api/orgs/${orgId}/settings`, {
          token,
          body: { sendInitialPassword: true },
        });
      const twin = await addPerson(h, orgId, token, { phone });
      expect(
        (
          await h.call('POST', `/api/orgs/${orgId}/members/invite`, {
            token,
            body: { userIds: [twin], channel: 'sms' },
          })
        ).body.queued,
      ).toBe(1);
      h.clock.advance(1000);
    }
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { sendInitialPassword: true },
    });
    const id = await addPerson(h, acme.orgId, acme.owner.token, { phone });
    await h.call('POST', `/api/orgs/${acme.orgId}/members/invite`, {
      token: acme.owner.token,
      body: { userIds: [id], channel: 'sms' },
    });
    await h.services.outbox.kick();
    const acmeSms = (await h.services.mailbox!.all())
      .filter((m) => m.to === phone && m.text.startsWith('Acme'))
      .at(-1)!;
    const password = /password (\w{24})/.exec(acmeSms.text)![1]!;
    const signedIn = await login({ phone, password }, '203.0.113.70');
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body.memberships.map((m: { orgName: string }) => m.orgName)).toEqual(['Acme']);
  });
});

describe('a failed sign-in by phone costs the same whatever the phone has', () => {
  it('as many password checks for a phone with no account, one, or several', async () => {
    const t = h.clock.now();
    const hash = await h.services.passwords.hash('a password nobody guesses');
    await h.db.insert(users).values([
      {
        id: 'one-a',
        phone: '+79050000001',
        name: 'One',
        passwordHash: hash,
        createdAt: t,
        registeredAt: t,
      },
      {
        id: 'two-a',
        phone: '+79050000002',
        name: 'Two',
        passwordHash: hash,
        createdAt: t,
        registeredAt: t,
      },
      {
        id: 'two-b',
        phone: '+79050000002',
        name: 'Two',
        passwordHash: hash,
        createdAt: t,
        registeredAt: t,
      },
    ]);
    const passwords = h.services.passwords;
    const verify = passwords.verify.bind(passwords);
    let checks = 0;
    passwords.verify = async (password, stored) => {
      checks++;
      return verify(password, stored);
    };
    const cost = async (phone: string, ip: string) => {
      checks = 0;
      expect((await login({ phone, password: 'a wrong guess' }, ip)).status).toBe(401);
      return checks;
    };
    const counts = [
      await cost('+79050000009', '203.0.113.91'),
      await cost('+79050000001', '203.0.113.92'),
      await cost('+79050000002', '203.0.113.93'),
    ];
    expect(new Set(counts).size).toBe(1);
    // Three phone-only accounts tried per phone (PHONE_CANDIDATES), whatever the phone has.
    expect(counts[0]).toBe(3);
  });
});
