/**
 * Findings 4 and 10 of the trust review (docs/SECURITY.md): every credential check shares one set
 * of limits, per account and per client (test/helpers/trust.ts holds them), that an attacker can
 * neither reset by inviting again nor use to lock the owner out. Clients are told apart by their
 * address (`cf-connecting-ip` here, the socket or a trusted proxy on Node).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations } from '../../worker/src/db/schema';
import { postForm } from '../helpers/links';
import { PASSWORD } from '../helpers/seed';
import {
  h,
  acme,
  outsider,
  betaId,
  freshAcmeAndOutsider,
  STRICT,
  PER_CLIENT,
  ATTACKER,
  login,
  floodFromManyClients,
} from '../helpers/trust';

freshAcmeAndOutsider();

/** An e-mail invitation of `orgId` to `email`, and the token its message carries. */
async function emailInvitation(orgId: string, token: string, email: string) {
  const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
    token,
    body: { email, role: 'member' },
  });
  expect(res.status, res.text).toBe(201);
  const [row] = await h.db
    .select()
    .from(invitations)
    .where(eq(invitations.id, res.body.invitation.id));
  return {
    id: row!.id,
    token: await h.services.tokens.derive('invitation', row!.id, row!.tokenNonce),
  };
}

describe('password guesses through the hosted invite page share the account’s limits', () => {
  it('canceling and inviting again gives no fresh guesses, and the API sign-in counts the same tries', async () => {
    const victim = acme.member;
    let inv = await emailInvitation(betaId, outsider.token, victim.email);
    const statuses: number[] = [];
    for (let i = 0; i < STRICT; i++) {
      if (i === STRICT / 2) {
        await h.call('DELETE', `/api/orgs/${betaId}/invitations/${inv.id}`, {
          token: outsider.token,
        });
        inv = await emailInvitation(betaId, outsider.token, victim.email);
      }
      statuses.push(
        (
          await postForm(
            h,
            `/invite/${inv.token}`,
            { password: `guess ${i}` },
            { origin: 'http://localhost:8787', 'sec-fetch-site': 'same-origin', ...ATTACKER },
          )
        ).status,
      );
    }
    expect(statuses).toEqual(Array(STRICT).fill(401));
    const page = await postForm(
      h,
      `/invite/${inv.token}`,
      { password: PASSWORD },
      { origin: 'http://localhost:8787', 'sec-fetch-site': 'same-origin', ...ATTACKER },
    );
    expect(page.status).toBe(429);
    expect(
      (await login({ email: victim.email, password: PASSWORD }, ATTACKER['cf-connecting-ip']))
        .status,
    ).toBe(429);
    const api = await h.call('POST', `/api/invite/${inv.token}/accept`, {
      body: { password: PASSWORD },
      headers: ATTACKER,
    });
    expect(api.status).toBe(429);
  });
});

describe('strangers cannot lock the owner out', () => {
  it('failed sign-ins from one client stop that client, not the owner on theirs', async () => {
    for (let i = 0; i < STRICT + 5; i++)
      await login(
        { email: acme.owner.email, password: `guess ${i}` },
        ATTACKER['cf-connecting-ip'],
      );
    expect(
      (await login({ email: acme.owner.email, password: PASSWORD }, ATTACKER['cf-connecting-ip']))
        .status,
    ).toBe(429);
    expect(
      (await login({ email: acme.owner.email, password: PASSWORD }, '203.0.113.10')).status,
    ).toBe(200);
  });

  it('a flood from many clients closes the account to new clients only: a client that signed in before still gets in', async () => {
    await floodFromManyClients();
  });

  it('one client spraying many accounts is stopped whatever the account', async () => {
    const ip = '198.51.100.200';
    const statuses: number[] = [];
    for (let i = 0; i <= PER_CLIENT; i++)
      statuses.push(
        (await login({ email: `someone${i}@example.com`, password: 'guess' }, ip)).status,
      );
    expect(statuses.slice(0, PER_CLIENT)).toEqual(Array(PER_CLIENT).fill(401));
    expect(statuses[PER_CLIENT]).toBe(429);
  });
});
