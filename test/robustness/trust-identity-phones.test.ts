/**
 * Finding 2 of the trust review (docs/SECURITY.md): an account's phone and password are its own. An
 * outsider's organization adds or edits a member of another organization and tries to point the
 * account's phone at a number of theirs; an admin moves a phone while its holder sets the password.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { startLatentHarness } from '../helpers/robustness-harness';
import { addPerson, deliver, linkToken, messagesTo } from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { acmeAndOutsider } from '../helpers/seed';
import { h, acme, outsider, betaId, freshAcmeAndOutsider } from '../helpers/trust';

freshAcmeAndOutsider();

const ATTACKER_PHONE = '+79990000001';
const MEMBER_PHONE = '+79051234567';

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

  it('a phone Beta chose for an address nobody had claimed is dropped when its owner claims the account through Acme', async () => {
    const id = await addPerson(h, betaId, outsider.token, {
      email: 'victim@corp.example',
      phone: ATTACKER_PHONE,
    });
    expect(await accountPhone(id)).toBe(ATTACKER_PHONE);
    const sent = await h.call('POST', `/api/orgs/${acme.orgId}/invitations`, {
      token: acme.owner.token,
      body: { email: 'victim@corp.example', role: 'member' },
    });
    expect(sent.status).toBe(201);
    await deliver(h);
    const token = linkToken((await messagesTo(h, 'victim@corp.example'))[0]!.text, 'invite');
    const accepted = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Vic Tim', password: 'the owner chose this one' },
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(await accountPhone(id)).toBeNull();
    const me = await h.call('GET', '/api/me', { token: accepted.body.token });
    expect(JSON.stringify(me.body)).not.toContain(ATTACKER_PHONE);
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
