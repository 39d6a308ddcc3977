/**
 * Finding 1 of the trust review (docs/SECURITY.md): an address becomes an account's only on proof.
 * An outsider tries to give a password to an account another organization added, and to ride an
 * approval or a "confirm joining" link into an organization as an account they made. Every attempt
 * goes through the real app on a real database.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships, sessions, users } from '../../worker/src/db/schema';
import { addPerson, linkToken } from '../helpers/invitations';
import { apply, createLink, linkIn, mailTo, postForm } from '../helpers/links';
import { createUser, login } from '../helpers/seed';
import {
  h,
  acme,
  freshAcmeAndOutsider,
  VICTIM,
  OUTSIDER_PASSWORD,
  copiedLink,
  victimAccount,
} from '../helpers/trust';

freshAcmeAndOutsider();

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
