/**
 * Findings 2 and 9 of the trust review (docs/SECURITY.md): an account's e-mail, phone and password
 * are its own, and no organization sees another's data about a person. An outsider's organization
 * adds or edits a member of another organization and tries to point the account's phone at a number
 * of theirs, or to learn when the person registered and was last active elsewhere.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { startLatentHarness } from '../helpers/robustness-harness';
import {
  addPerson,
  deliver,
  HOUR,
  initialPasswordIn,
  linkToken,
  messagesTo,
} from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { acmeAndOutsider, type orgWithRoles, type Person } from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
let outsider: Person;
let betaId: string;
const ATTACKER_PHONE = '+79990000001';
const MEMBER_PHONE = '+79051234567';

beforeEach(async () => {
  h = await startHarness();
  ({ acme, outsider, betaId } = await acmeAndOutsider(h));
});
afterEach(() => h.close());

const accountPhone = async (id: string) =>
  (await h.db.select({ phone: users.phone }).from(users).where(eq(users.id, id)))[0]!.phone;

describe('another organization’s admin cannot change an account’s phone', () => {
  it('adding or editing an active member of another organization leaves the account’s phone as it is', async () => {
    // An active Acme member whose account has no phone yet: the first one written would become the
    // account's.
    const added = await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'Some', lastName: 'One', email: acme.member.email, phone: ATTACKER_PHONE },
    });
    expect(added.status, added.text).toBe(201);
    expect(await accountPhone(acme.member.id)).toBeNull();
    const edited = await h.call('PATCH', `/api/orgs/${betaId}/members/${acme.member.id}`, {
      token: outsider.token,
      body: { phone: '+79990000002' },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(await accountPhone(acme.member.id)).toBeNull();
    // What Acme knows of the person is unchanged too.
    expect(
      (
        await h.call('GET', `/api/orgs/${acme.orgId}/members/${acme.member.id}`, {
          token: acme.owner.token,
        })
      ).body.phone,
    ).toBeNull();
  });

  it('an SMS that Beta sends to its own number for that person can neither set the password nor make them join', async () => {
    const victim = await addPerson(h, acme.orgId, acme.owner.token, {
      email: 'pending@corp.example',
      phone: MEMBER_PHONE,
    });
    await addPerson(h, betaId, outsider.token, {
      email: 'pending@corp.example',
      phone: ATTACKER_PHONE,
    });
    expect(await accountPhone(victim)).toBe(MEMBER_PHONE);
    const sent = await h.call('POST', `/api/orgs/${betaId}/members/invite`, {
      token: outsider.token,
      body: { userIds: [victim], channel: 'sms' },
    });
    expect(sent.body.queued).toBe(1);
    await deliver(h);
    const [sms] = await messagesTo(h, ATTACKER_PHONE);
    const token = linkToken(sms!.text, 'set-password');
    // The link proves Beta's number only: the account signs in with its e-mail address, which must
    // be proven first.
    const page = await h.call('GET', `/set-password/${token}`);
    expect(page.text).toContain('Send a code to pending@corp.example');
    const tried = await postForm(h, `/set-password/${token}`, {
      newPassword: 'the attacker chose this',
      confirmPassword: 'the attacker chose this',
    });
    expect(tried.status).toBe(403);
    const [account] = await h.db.select().from(users).where(eq(users.id, victim));
    expect(account!.passwordHash).toBeNull();
  });

  it('while the account is the organization’s alone and unused, its admin may set the phone; once another organization has it, no longer', async () => {
    const id = await addPerson(h, betaId, outsider.token, { email: 'fresh@corp.example' });
    const set = await h.call('PATCH', `/api/orgs/${betaId}/members/${id}`, {
      token: outsider.token,
      body: { phone: MEMBER_PHONE },
    });
    expect(set.status).toBe(200);
    expect(await accountPhone(id)).toBe(MEMBER_PHONE);
    await addPerson(h, acme.orgId, acme.owner.token, { email: 'fresh@corp.example' });
    await h.call('PATCH', `/api/orgs/${betaId}/members/${id}`, {
      token: outsider.token,
      body: { phone: ATTACKER_PHONE },
    });
    expect(await accountPhone(id)).toBe(MEMBER_PHONE);
  });
});

describe('no organization sees another’s data about a person', () => {
  it('adding an address known elsewhere answers exactly as adding a newcomer', async () => {
    await h.db
      .update(users)
      .set({ phone: MEMBER_PHONE, lastActiveAt: h.clock.now() })
      .where(eq(users.id, acme.member.id));
    h.clock.advance(HOUR);
    const known = await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'Known', lastName: 'Person', email: acme.member.email },
    });
    const fresh = await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'Known', lastName: 'Person', email: 'nobody-yet@corp.example' },
    });
    expect(known.status).toBe(201);
    const strip = (b: Record<string, unknown>) => ({ ...b, userId: 'id', email: 'address' });
    expect(strip(known.body)).toEqual(strip(fresh.body));
    expect(known.body).toMatchObject({ registeredAt: null, lastActiveAt: null, phone: null });
    // The list, one member's record and the export say no more.
    const one = await h.call('GET', `/api/orgs/${betaId}/members/${acme.member.id}`, {
      token: outsider.token,
    });
    expect(one.body).toMatchObject({ registeredAt: null, lastActiveAt: null, phone: null });
    const csv = await h.call('GET', `/api/orgs/${betaId}/members/export`, {
      token: outsider.token,
    });
    expect(csv.text).not.toContain(MEMBER_PHONE);
    const search = await h.call(
      'GET',
      `/api/orgs/${betaId}/search?q=${encodeURIComponent(MEMBER_PHONE)}`,
      { token: outsider.token },
    );
    expect(search.body.items).toEqual([]);
  });

  it('each organization sees when the person joined it and last used it, not the others', async () => {
    h.clock.advance(2 * HOUR);
    await h.call('GET', `/api/orgs/${acme.orgId}/links`, { token: acme.member.token });
    const inAcme = await h.call('GET', `/api/orgs/${acme.orgId}/members/${acme.member.id}`, {
      token: acme.owner.token,
    });
    expect(Date.parse(inAcme.body.lastActiveAt)).toBe(h.clock.now());
    await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'M', lastName: 'M', email: acme.member.email },
    });
    const inBeta = await h.call('GET', `/api/orgs/${betaId}/members/${acme.member.id}`, {
      token: outsider.token,
    });
    expect(inBeta.body).toMatchObject({ lastActiveAt: null, registeredAt: null });
  });
});

describe('an account’s phone changing while its password is being set', () => {
  const VICTIM_PHONE = '+79057770000';

  it('never leaves the password someone chose on an account that now signs in with another phone', async () => {
    const slow = await startLatentHarness({ latencyMs: 4 });
    try {
      const beta = await acmeAndOutsider(slow);
      const { outsider: owner, betaId: orgId } = beta;
      for (let round = 0; round < 8; round++) {
        const phone = `+7999000${String(round).padStart(4, '0')}`;
        const id = await addPerson(slow, orgId, owner.token, { phone });
        const password = `the holder chose ${round}`;
        let set: Promise<unknown>;
        if (round % 2 === 0) {
          // The set-password link sent to the phone, against the admin moving the phone elsewhere.
          await slow.call('POST', `/api/orgs/${orgId}/members/invite`, {
            token: owner.token,
            body: { userIds: [id], channel: 'sms' },
          });
          await deliver(slow);
          const token = linkToken((await messagesTo(slow, phone))[0]!.text, 'set-password');
          set = postForm(slow, `/set-password/${token}`, {
            newPassword: password,
            confirmPassword: password,
          });
        } else {
          // An invitation to the phone, accepted, against the same.
          const inv = await slow.call('POST', `/api/orgs/${orgId}/invitations`, {
            token: owner.token,
            body: { phone, channel: 'sms', role: 'member' },
          });
          expect(inv.status, inv.text).toBe(201);
          await deliver(slow);
          const token = linkToken((await messagesTo(slow, phone)).at(-1)!.text, 'invite');
          set = slow.call('POST', `/api/invite/${token}/accept`, {
            body: { name: 'Phone Holder', password },
          });
        }
        const move = slow.call('PATCH', `/api/orgs/${orgId}/members/${id}`, {
          token: owner.token,
          body: { phone: VICTIM_PHONE },
        });
        await Promise.all([set, move]);
        const [account] = await slow.db.select().from(users).where(eq(users.id, id));
        // Either the phone moved before the password (which then was refused) or the password came
        // first (and the account, now someone's, kept its phone). Never both.
        expect(
          account!.phone === VICTIM_PHONE && account!.passwordHash !== null,
          `round ${round}`,
        ).toBe(false);
        const signIn = await slow.call('POST', '/api/auth/login', {
          body: { phone: VICTIM_PHONE, password },
          headers: { 'cf-connecting-ip': `203.0.113.${round + 1}` },
        });
        expect(signIn.status, `round ${round}`).toBe(401);
      }
    } finally {
      await slow.close();
    }
  });
});

describe('the name on a new account is its owner’s', () => {
  it('choosing the first password asks for the person’s name, refuses a web address, and keeps what they typed', async () => {
    const id = await addPerson(h, betaId, outsider.token, {
      email: 'named@corp.example',
      firstName: 'Given',
      lastName: 'ByBeta',
    });
    await h.call('POST', `/api/orgs/${betaId}/members/invite`, {
      token: outsider.token,
      body: { userIds: [id], channel: 'email' },
    });
    await deliver(h);
    const token = linkToken((await messagesTo(h, 'named@corp.example'))[0]!.text, 'set-password');
    const page = await h.call('GET', `/set-password/${token}`);
    expect(page.text).toContain('Your name');
    const form = { newPassword: 'a good long password', confirmPassword: 'a good long password' };
    const refused = await postForm(h, `/set-password/${token}`, {
      ...form,
      name: 'Support at www.evil.example',
    });
    expect(refused.status).toBe(422);
    expect(
      (await postForm(h, `/set-password/${token}`, { ...form, name: 'Real Name' })).status,
    ).toBe(200);
    const [account] = await h.db.select().from(users).where(eq(users.id, id));
    expect(account!.name).toBe('Real Name');
  });
});

describe('an organization finds people only by what it knows of them', () => {
  it('the name a person gave their account elsewhere is not in another organization’s search', async () => {
    await h.db
      .update(users)
      .set({ name: 'Jonathan Secretson' })
      .where(eq(users.id, acme.member.id));
    await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'Qq', lastName: 'Qq', email: acme.member.email },
    });
    for (const q of ['secretson', 'jonathan', 'jonath']) {
      expect(
        (await h.call('GET', `/api/orgs/${betaId}/members?q=${q}`, { token: outsider.token })).body
          .items,
        q,
      ).toEqual([]);
      expect(
        (await h.call('GET', `/api/orgs/${betaId}/search?q=${q}`, { token: outsider.token })).body
          .items,
        q,
      ).toEqual([]);
    }
    expect(
      (await h.call('GET', `/api/orgs/${betaId}/members?q=qq`, { token: outsider.token })).body
        .items,
    ).toHaveLength(1);
    // Acme, which gave the person no name of its own, finds them by the account's name.
    expect(
      (
        await h.call('GET', `/api/orgs/${acme.orgId}/members?q=secretson`, {
          token: acme.owner.token,
        })
      ).body.items,
    ).toHaveLength(1);
  });

  it('an initial password gives the account the name its organization knows, not one another organization typed', async () => {
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { sendInitialPassword: true },
    });
    const id = await addPerson(h, acme.orgId, acme.owner.token, {
      email: 'hire@corp.example',
      firstName: 'Hana',
      lastName: 'Hire',
    });
    // The outsider added the same address first, under a name of their choosing.
    await h.db.update(users).set({ name: 'IT-Helpdesk: call +1 555 0100' }).where(eq(users.id, id));
    await h.call('POST', `/api/orgs/${acme.orgId}/members/invite`, {
      token: acme.owner.token,
      body: { userIds: [id], channel: 'email' },
    });
    await deliver(h);
    const password = initialPasswordIn((await messagesTo(h, 'hire@corp.example'))[0]!.text);
    const signedIn = await h.call('POST', '/api/auth/login', {
      body: { email: 'hire@corp.example', password },
    });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body.user.name).toBe('Hana Hire');
    expect((await h.db.select().from(users).where(eq(users.id, id)))[0]!.name).toBe('Hana Hire');
  });
});
