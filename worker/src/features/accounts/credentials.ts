/**
 * Every check of a secret someone types (a password on the API's sign-in, the hosted `/login`,
 * `/account/password`, the invitation and confirm pages; a verification code) goes through here, so
 * all of them share one set of limits (docs/SECURITY.md, "Limits"):
 *
 * - per account and client, strict: 10 failed tries in 15 minutes, then that client waits;
 * - per account, looser: 100 failed tries in an hour from anywhere, after which only clients that
 *   signed in to the
 *   account in the last 30 days may keep trying until the hour ends — strangers cannot lock the owner out;
 * - per client, whatever the account: 100 failed tries in 15 minutes (one client spraying many
 *   accounts).
 *
 * Tries are counted before the check (so parallel guesses all count) and a success takes its try
 * back, so the limits count failures. Counters are keyed by the account's id when it exists, so
 * nothing done with another account (a phone-only twin in another organization with the same
 * number) resets or spends them; an unknown account is keyed by what was typed, and behaves like a
 * known one.
 */
import { and, desc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Services } from '../../env';
import { accountOfInitialPassword, redeemInitialPassword } from './initial-password';
import { checkPhone } from '../../lib/phone';
import { hitOf, tooMany, type HitResult } from '../../lib/rate-limit';

export type LoginAccount = { email: string } | { phone: string };
type UserRow = typeof users.$inferSelect;

export const CREDENTIAL_LIMITS = {
  perAccountClient: { limit: 10, windowMs: 15 * 60_000 },
  perAccount: { limit: 100, windowMs: 60 * 60_000 },
  perClient: { limit: 100, windowMs: 15 * 60_000 },
  knownClientMs: 30 * 24 * 3600_000,
} as const;

/**
 * At most this many phone-only accounts with a password (one per organization where the phone's
 * owner registered) are tried for one phone — and a failed sign-in by phone always costs this many
 * password checks, so its time does not tell how many accounts the phone has.
 */
export const PHONE_CANDIDATES = 3;

/**
 * What the limits count tries against: an account (`user:<id>`), or an address nobody has
 * (`addr:<address>`).
 */
export const subjectOfUser = (userId: string) => `user:${userId}`;
export const subjectOfAddress = (address: string) => `addr:${address}`;
/**
 * The counter of one client's failed checks, whatever the account (verification codes count against
 * it too).
 */
export const clientCredentialKey = (client: string) => `cred:client:${client}`;

export interface CredentialAttempt {
  /** Whether the secret may be checked against `subject` now (not past a limit for this client). */
  allowed(subject: string): boolean;
  /**
   * The secret was right for `subject`: its try is taken back and the client is known to it from
   * now on. Answers the statements that record it (none with counters in memory): commit them with
   * what the success writes, or on their own (`settle`).
   */
  succeeded(subject: string): BatchItem<'sqlite'>[];
}

/**
 * Counts one try against each subject (an e-mail names one account; a phone may name the phone-only
 * accounts of several organizations) from `client`. A subject past its limits for this client is
 * not to be checked; when none may be (or the client is past its own limit), throws 429. Call
 * before checking the secret.
 */
export async function beginCredentialCheck(
  s: Pick<Services, 'rateLimiter' | 'now'>,
  client: string,
  subjects: string[],
): Promise<CredentialAttempt> {
  const L = CREDENTIAL_LIMITS;
  const results = await s.rateLimiter.hitAll(
    [
      { key: clientCredentialKey(client), ...L.perClient },
      ...subjects.flatMap((subject) => [
        { key: `cred:${subject}:${client}`, ...L.perAccountClient },
        { key: `cred:${subject}`, ...L.perAccount },
      ]),
    ],
    s.now(),
  );
  return decideAttempt(s, client, subjects, results);
}

/**
 * A sign-in by e-mail address on the database's counters: the account and the three counts in one
 * round trip, the counters keyed by the account the database finds for the address in the same
 * batch (`user:<id>`, else `addr:<address>`, as `beginCredentialCheck` keys them). Null with
 * counters in memory, which need the account first.
 */
async function countEmailTry(
  s: Pick<Services, 'db' | 'rateLimiter' | 'now'>,
  client: string,
  email: string,
): Promise<{ candidates: UserRow[]; attempt: CredentialAttempt } | null> {
  const { db, rateLimiter } = s;
  const L = CREDENTIAL_LIMITS;
  const t = s.now();
  const subject = sql`coalesce((SELECT 'user:' || ${users.id} FROM ${users} WHERE ${users.email} = ${email}), ${subjectOfAddress(email)})`;
  const rules = [
    { key: sql`${clientCredentialKey(client)}`, ...L.perClient },
    { key: sql`'cred:' || ${subject} || ':' || ${client}`, ...L.perAccountClient },
    { key: sql`'cred:' || ${subject}`, ...L.perAccount },
  ];
  const counting = rules.map((rule) => rateLimiter.counting(rule, t));
  if (counting.some((c) => c === null)) return null;
  const [found, ...counted] = await db.batch([
    db.select().from(users).where(eq(users.email, email)).limit(1),
    ...(counting as BatchItem<'sqlite'>[]),
  ]);
  const candidates = found as UserRow[];
  const subjects = [candidates[0] ? subjectOfUser(candidates[0].id) : subjectOfAddress(email)];
  const results = counted.map((answer, i) => hitOf(answer, rules[i]!, t));
  return { candidates, attempt: await decideAttempt(s, client, subjects, results) };
}

/**
 * The signed-in user's try at their own password, on the database's counters: statements to send
 * with the caller's lookup (http/read-as-member.ts `readAllAsCaller`), keyed by the session's user
 * as the database finds it (`user:<id>`, as `beginCredentialCheck` keys it) and counted only `when`
 * the request is admitted. Null with counters in memory (count with `beginCredentialCheck`).
 */
export function countingOwnTry(
  s: Pick<Services, 'rateLimiter' | 'now'>,
  client: string,
  userId: SQL,
  when: SQL,
): BatchItem<'sqlite'>[] | null {
  const counting = ownTryRules(client, userId).map((rule) =>
    s.rateLimiter.counting({ ...rule, when }, s.now()),
  );
  return counting.every((c) => c !== null) ? (counting as BatchItem<'sqlite'>[]) : null;
}

/** What `countingOwnTry`'s statements answered, as the attempt `beginCredentialCheck` gives. */
export function ownTryCounted(
  s: Pick<Services, 'rateLimiter' | 'now'>,
  client: string,
  userId: string,
  answers: unknown[],
): Promise<CredentialAttempt> {
  const t = s.now();
  const rules = ownTryRules(client, sql`${userId}`);
  const results = answers.map((answer, i) => hitOf(answer, rules[i]!, t));
  return decideAttempt(s, client, [subjectOfUser(userId)], results);
}

function ownTryRules(client: string, userId: SQL) {
  const L = CREDENTIAL_LIMITS;
  const subject = sql`'user:' || ${userId}`;
  return [
    { key: sql`${clientCredentialKey(client)}`, ...L.perClient },
    { key: sql`'cred:' || ${subject} || ':' || ${client}`, ...L.perAccountClient },
    { key: sql`'cred:' || ${subject}`, ...L.perAccount },
  ];
}

/** Whether the counts allow checking the secret against each subject (429 when none may be). */
async function decideAttempt(
  s: Pick<Services, 'rateLimiter' | 'now'>,
  client: string,
  subjects: string[],
  results: HitResult[],
): Promise<CredentialAttempt> {
  const { rateLimiter } = s;
  const L = CREDENTIAL_LIMITS;
  const pair = (subject: string) => `cred:${subject}:${client}`;
  const account = (subject: string) => `cred:${subject}`;
  const clientKey = clientCredentialKey(client);
  const known = (subject: string) => `cred:known:${subject}:${client}`;
  const [clientResult, ...perSubject] = results;
  const clientRefused = tooMany([clientResult!]);
  if (clientRefused) throw clientRefused;
  const open = new Set<string>();
  for (let i = 0; i < subjects.length; i++) {
    const [mine, overall] = [perSubject[i * 2]!, perSubject[i * 2 + 1]!];
    // Past the account's own limit, only a client that signed in to it before may try.
    if (mine.ok && (overall.ok || (await isKnownClient(s, subjects[i]!, client))))
      open.add(subjects[i]!);
  }
  if (open.size === 0) throw tooMany(perSubject)!;
  return {
    allowed: (subject) => open.has(subject),
    succeeded(subject) {
      return rateLimiter.succeed(
        {
          undo: [clientKey, account(subject)],
          reset: pair(subject),
          hit: { key: known(subject), limit: Number.MAX_SAFE_INTEGER, windowMs: L.knownClientMs },
        },
        s.now(),
      );
    },
  };
}

/**
 * Whether `client` signed in to the account of `subject` in the last 30 days (it may go on past the
 * account's limit).
 */
export async function isKnownClient(
  s: Pick<Services, 'rateLimiter' | 'now'>,
  subject: string,
  client: string,
): Promise<boolean> {
  return (await s.rateLimiter.count(`cred:known:${subject}:${client}`, s.now())) > 0;
}

/**
 * Whether `password` is this account's, within the shared limits (429 past them): null when it is
 * not, else the statements that record the success — commit them with what the success writes, or
 * on their own (`settle`). `attempt` is the try already counted (`ownTryCounted`); without it the
 * try is counted here.
 */
export async function checkAccountPassword(
  s: Services,
  client: string,
  user: Pick<UserRow, 'id' | 'passwordHash' | 'passwordExpiresAt'>,
  password: string,
  attempt?: CredentialAttempt,
): Promise<BatchItem<'sqlite'>[] | null> {
  const counted = attempt ?? (await beginCredentialCheck(s, client, [subjectOfUser(user.id)]));
  const check = await s.passwords.verify(password, user.passwordHash);
  const expired = user.passwordExpiresAt != null && user.passwordExpiresAt <= s.now();
  if (!check.ok || expired) return null;
  return counted.succeeded(subjectOfUser(user.id));
}

/** Whether `password` is this account's, within the shared limits (429 past them). */
export async function verifyAccountPassword(
  s: Services,
  client: string,
  user: Pick<UserRow, 'id' | 'passwordHash' | 'passwordExpiresAt'>,
  password: string,
): Promise<boolean> {
  const success = await checkAccountPassword(s, client, user, password);
  if (success) await settle(s, success);
  return success !== null;
}

/** Commits a success's counter changes on their own (one round trip; none when there are none). */
export async function settle(s: Pick<Services, 'db'>, statements: BatchItem<'sqlite'>[]) {
  const [first, ...rest] = statements;
  if (first) await s.db.batch([first, ...rest]);
}

/** What a person typed as their account: an address when it has an `@`, else a phone number. */
export function accountFromInput(text: string): LoginAccount {
  const t = text.trim();
  return t.includes('@') ? { email: t.toLowerCase() } : { phone: t };
}

/**
 * The accounts a sign-in names: the one with this e-mail address, or the phone-only accounts with
 * this number.
 */
export async function accountsNamed(
  s: Pick<Services, 'db'>,
  account: LoginAccount,
): Promise<{ key: string; candidates: UserRow[] }> {
  const { db } = s;
  if ('email' in account)
    return {
      key: account.email,
      candidates: await db.select().from(users).where(eq(users.email, account.email)).limit(1),
    };
  const phone = checkPhone(account.phone);
  if (!phone.ok) return { key: account.phone, candidates: [] };
  // People with an e-mail address sign in with it; a phone names only accounts that have no
  // address, and of those only the ones with a password — which only the phone's owner could have
  // given them — most recently used first. Anyone may add a phone-only person (an account without a
  // password) to an organization of theirs; such an account signs in only with an initial password,
  // which names it by itself (checkCredentials).
  const candidates = await db
    .select()
    .from(users)
    .where(and(eq(users.phone, phone.e164), isNull(users.email), isNotNull(users.passwordHash)))
    .orderBy(desc(users.lastActiveAt), desc(users.createdAt))
    .limit(PHONE_CANDIDATES);
  return { key: phone.e164, candidates };
}

/**
 * The account's user when the password is right, else null (after the same work either way), with
 * the statements that record the success (`CredentialAttempt.succeeded`): commit them with what the
 * success writes.
 */
export async function checkCredentials(
  s: Services,
  clientIp: string,
  account: LoginAccount,
  password: string,
): Promise<{ user: UserRow; settle: BatchItem<'sqlite'>[] } | null> {
  const { db, passwords, now } = s;
  // By e-mail address on the database's counters: one round trip for the account and its counts.
  const byEmail = 'email' in account ? await countEmailTry(s, clientIp, account.email) : null;
  let candidates: UserRow[];
  let attempt: CredentialAttempt;
  if (byEmail) ({ candidates, attempt } = byEmail);
  else {
    const named = await accountsNamed(s, account);
    const { key } = named;
    const waiting =
      'phone' in account ? await accountOfInitialPassword(s, key, password, now()) : null;
    candidates = waiting ? [waiting, ...named.candidates] : named.candidates;
    attempt = await beginCredentialCheck(
      s,
      clientIp,
      candidates.length ? candidates.map((u) => subjectOfUser(u.id)) : [subjectOfAddress(key)],
    );
  }
  let checked = 0;
  for (const found of candidates) {
    if (!attempt.allowed(subjectOfUser(found.id))) continue;
    const user = await redeemInitialPassword(s, found, password, now());
    const check = await passwords.verify(password, user.passwordHash);
    checked++;
    const expired = user.passwordExpiresAt != null && user.passwordExpiresAt <= now();
    if (!check.ok || expired) continue;
    const success = attempt.succeeded(subjectOfUser(user.id));
    if (!check.needsRehash) return { user, settle: success };
    // Stronger parameters, written only over the hash just checked (a change made meanwhile stays),
    // and the account answered with what is stored now, so a write guarded by it finds it.
    const stronger = await passwords.hash(password);
    const [rehashed] = await db
      .update(users)
      .set({ passwordHash: stronger })
      .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash ?? '')))
      .returning();
    return { user: rehashed ?? user, settle: success };
  }
  // The same work whatever was found: one check for an e-mail address, PHONE_CANDIDATES for a
  // phone.
  for (let i = checked; i < ('phone' in account ? PHONE_CANDIDATES : 1); i++)
    await passwords.verify(password, null);
  return null;
}
