/**
 * The credential limits with their counters in the database, as the Worker keeps them
 * (lib/rate-limit.ts `dbRateLimiter`). A sign-in by e-mail address there counts in the same round
 * trip that finds the account, its counters keyed by what the database finds
 * (features/accounts/credentials.ts `countEmailTry`); every other check keys them in code. Both must
 * name the same counters, and the limits must hold as they do in memory
 * (trust-limits-sign-in.test.ts).
 */
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations, rateLimits, users } from '../../worker/src/db/schema';
import { apply, createLink, postForm } from '../helpers/links';
import { JOIN_LIMITS } from '../../worker/src/features/joining/apply';
import { ORG_CREATION_LIMITS } from '../../worker/src/features/organizations/orgs';
import { PASSWORD } from '../helpers/seed';
import {
  ATTACKER,
  acme,
  betaId,
  freshAcmeAndOutsider,
  h,
  login,
  outsider,
  STRICT,
  floodFromManyClients,
} from '../helpers/trust';

freshAcmeAndOutsider({ countersInDatabase: true });

const ip = ATTACKER['cf-connecting-ip'];
const SAME_ORIGIN = { origin: 'http://localhost:8787', 'sec-fetch-site': 'same-origin' };

describe('credential limits with the counters in the database', () => {
  it('a sign-in names the account’s counters as every other check does', async () => {
    await h.db.delete(rateLimits);
    await login({ email: acme.member.email, password: 'guess' }, ip);
    await login({ email: 'nobody@example.com', password: 'guess' }, ip);
    const keys = (await h.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys.sort()).toEqual(
      [
        `cred:client:${ip}`,
        `cred:user:${acme.member.id}`,
        `cred:user:${acme.member.id}:${ip}`,
        'cred:addr:nobody@example.com',
        `cred:addr:nobody@example.com:${ip}`,
      ].sort(),
    );
  });

  it('guesses on the invitation page and the API sign-in spend the same budget', async () => {
    const res = await h.call('POST', `/api/orgs/${betaId}/invitations`, {
      token: outsider.token,
      body: { email: acme.member.email, role: 'member' },
    });
    const [row] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, res.body.invitation.id));
    const token = await h.services.tokens.derive('invitation', row!.id, row!.tokenNonce);
    const statuses: number[] = [];
    for (let i = 0; i < STRICT; i++) {
      const page = i % 2 === 0;
      const answer = page
        ? await postForm(
            h,
            `/invite/${token}`,
            { password: `guess ${i}` },
            { ...SAME_ORIGIN, ...ATTACKER },
          )
        : await login({ email: acme.member.email, password: `guess ${i}` }, ip);
      statuses.push(answer.status);
    }
    expect(statuses).toEqual(
      Array(STRICT)
        .fill(null)
        .map((_, i) => (i % 2 === 0 ? 401 : 401)),
    );
    expect((await login({ email: acme.member.email, password: PASSWORD }, ip)).status).toBe(429);
    expect(
      (await login({ email: acme.member.email, password: PASSWORD }, '203.0.113.10')).status,
    ).toBe(200);
  });

  it('a right password takes its try back and forgets the client’s failures', async () => {
    for (let i = 0; i < STRICT - 1; i++)
      expect((await login({ email: acme.owner.email, password: `guess ${i}` }, ip)).status).toBe(
        401,
      );
    expect((await login({ email: acme.owner.email, password: PASSWORD }, ip)).status).toBe(200);
    const pair = await h.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `cred:user:${acme.owner.id}:${ip}`));
    expect(pair).toEqual([]);
    for (let i = 0; i < STRICT; i++)
      expect((await login({ email: acme.owner.email, password: `again ${i}` }, ip)).status).toBe(
        401,
      );
    expect((await login({ email: acme.owner.email, password: PASSWORD }, ip)).status).toBe(429);
  });

  it('a flood from many clients closes the account to new clients; one that signed in before gets in', async () => {
    await floodFromManyClients();
    expect(
      (await h.db.select().from(rateLimits).where(like(rateLimits.key, 'cred:known:%'))).length,
    ).toBeGreaterThan(0);
  });

  it('creating organizations: counted with the caller in one round trip, within the same limits; a refused caller counts nothing', async () => {
    await h.db.delete(rateLimits);
    const create = (token: string, n: number) =>
      h.call('POST', '/api/orgs', { token, body: { name: `Org ${n}` }, headers: ATTACKER });
    expect((await create(`${acme.owner.token.split('.')[0]}.not-the-secret`, 0)).status).toBe(401);
    expect((await create('unknown-session.not-the-secret', 0)).status).toBe(401);
    expect(await h.db.select().from(rateLimits)).toEqual([]);
    const statuses: number[] = [];
    for (let n = 1; n <= ORG_CREATION_LIMITS.perAccount + 1; n++)
      statuses.push((await create(acme.member.token, n)).status);
    expect(statuses).toEqual([...Array(ORG_CREATION_LIMITS.perAccount).fill(201), 429]);
    const keys = (await h.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys.sort()).toEqual([`org:create:${acme.member.id}`, `org:create:client:${ip}`].sort());
  });

  it('applying through a link: the link’s limit holds, counted in the batch that uses the link; a refusal spends none of it', async () => {
    const link = await createLink(h, acme.orgId, acme.owner.token);
    const ipOf = (n: number) => `10.77.${Math.floor(n / 200)}.${n % 200}`;
    // A token for the link's id with a MAC that is not the link's, and an address the
    // organization does not accept: refused, and the link's budget untouched.
    const [id] = link.token.split('.');
    expect(
      (await apply(h, `${id}.${'A'.repeat(43)}`, { name: 'X', email: 'x@example.com' }, ipOf(0)))
        .status,
    ).toBe(404);
    const linkKey = `join:link:${link.id}`;
    const counted = async () =>
      (await h.db.select().from(rateLimits).where(eq(rateLimits.key, linkKey)))[0]?.count ?? 0;
    expect(await counted()).toBe(0);
    const statuses: number[] = [];
    for (let n = 1; n <= JOIN_LIMITS.perLink + 1; n++)
      statuses.push(
        (await apply(h, link.token, { name: `P ${n}`, email: `p${n}@example.com` }, ipOf(n)))
          .status,
      );
    expect(statuses.slice(0, JOIN_LIMITS.perLink)).toEqual(Array(JOIN_LIMITS.perLink).fill(201));
    const refused = await apply(
      h,
      link.token,
      { name: 'Late', email: 'late@example.com' },
      ipOf(999),
    );
    expect(statuses[JOIN_LIMITS.perLink]).toBe(429);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The refused ones rolled back with their batch: the count stays at the limit.
    expect(await counted()).toBe(JOIN_LIMITS.perLink);
  });
  it('changing the password through the API: the caller and the try counted in one round trip, for an account that must change its password too; a stranger’s token counts nothing', async () => {
    await h.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, acme.member.id));
    await h.db.delete(rateLimits);
    const change = (token: string, currentPassword: string) =>
      h.call('POST', '/api/account/password', {
        token,
        body: { currentPassword, newPassword: 'a brand new password' },
        headers: ATTACKER,
      });
    // A token that is no session's is refused before anything is counted.
    expect((await change('made-up.token', 'guess')).status).toBe(401);
    expect(await h.db.select().from(rateLimits)).toEqual([]);
    const statuses: number[] = [];
    for (let i = 0; i < STRICT; i++)
      statuses.push((await change(acme.member.token, `guess ${i}`)).status);
    expect(statuses).toEqual(Array(STRICT).fill(401));
    expect((await change(acme.member.token, PASSWORD)).status).toBe(429);
    const keys = (await h.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain(`cred:user:${acme.member.id}:${ip}`);
  });
});
