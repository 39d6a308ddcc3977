/**
 * The setting of the trust tests (test/robustness/trust-*.test.ts, the findings of
 * docs/SECURITY.md): a fresh app for every test, with Acme and an outsider's Beta
 * (`acmeAndOutsider`) or with one organization (`orgWithRoles`), and what the tests of one finding
 * share. `h`, `acme`, `outsider`, `betaId` and `org` are those of the test under way.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { startHarness, type Harness, type HarnessOptions } from './harness';
import { acmeAndOutsider, orgWithRoles, PASSWORD, type Person } from './seed';

type Org = Awaited<ReturnType<typeof orgWithRoles>>;

export let h: Harness;
export let acme: Org;
export let outsider: Person;
export let betaId: string;
export let org: Org;

/** Before each test of the file: a fresh app with Acme and the outsider's Beta. */
export function freshAcmeAndOutsider(opts: HarnessOptions = {}): void {
  beforeEach(async () => {
    h = await startHarness(opts);
    ({ acme, outsider, betaId } = await acmeAndOutsider(h));
  });
  afterEach(() => h.close());
}

/** Before each test of the file: a fresh app with one organization (owner, admin, member). */
export function freshOrgWithRoles(): void {
  beforeEach(async () => {
    h = await startHarness();
    org = await orgWithRoles(h);
  });
  afterEach(() => h.close());
}

// ── Credential limits (findings 4, 8 and 10)

/**
 * The limits on failed sign-ins these tests hold the product to, written out rather than taken from
 * CREDENTIAL_LIMITS, so that loosening one fails here: per account and client, per account (from
 * any clients) and per client (whatever the account).
 */
export const STRICT = 10;
export const PER_ACCOUNT = 100;
export const PER_CLIENT = 100;
export const ATTACKER = { 'cf-connecting-ip': '198.51.100.66' };

/** A sign-in (POST /api/auth/login) from the client at `ip`. */
export const login = (body: Record<string, string>, ip: string) =>
  h.call('POST', '/api/auth/login', { body, headers: { 'cf-connecting-ip': ip } });

// ── Proof of address (finding 1)

/**
 * A client signs in to the owner, then failures from PER_ACCOUNT other clients close the account
 * to new clients: a new one is refused with the right password, the known one still gets in.
 */
export async function floodFromManyClients(): Promise<void> {
  const owner = { email: acme.owner.email, password: PASSWORD };
  expect((await login(owner, '203.0.113.20')).status).toBe(200);
  for (let i = 0; i < PER_ACCOUNT; i++)
    await login({ ...owner, password: `guess ${i}` }, `198.51.${Math.floor(i / 250)}.${i % 250}`);
  const stranger = await login(owner, '203.0.113.99');
  expect(stranger.status).toBe(429);
  expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await login(owner, '203.0.113.20')).status).toBe(200);
}

export const VICTIM = 'victim@corp.example';
export const OUTSIDER_PASSWORD = 'the outsider chose this';

/** The outsider's copied-link invitation to `email` in Beta: its token. */
export async function copiedLink(
  email: string,
  orgId = betaId,
  token = outsider.token,
): Promise<string> {
  const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
    token,
    body: { email, role: 'member', channel: 'link' },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.body.url).split('/invite/')[1]!;
}

export const victimAccount = async () =>
  (await h.db.select().from(users).where(eq(users.email, VICTIM)))[0];

// ── Authority at use time (finding 5)

export const setRole = (userId: string, role: 'owner' | 'admin' | 'member') =>
  h.call('PATCH', `/api/orgs/${org.orgId}/members/${userId}`, {
    token: org.owner.token,
    body: { role },
  });

// ── Spam operations (finding 6)

/**
 * The `start(opts)` of tests that each start their own app, with the options they need: a fresh
 * app, handed to `set` (the file closes it after the test), and an organization in it.
 */
export function startingWith(set: (started: Harness) => void) {
  return async (opts: HarnessOptions = {}) => {
    const started = await startHarness(opts);
    set(started);
    return orgWithRoles(started);
  };
}
