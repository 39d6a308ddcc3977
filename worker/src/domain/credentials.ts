/**
 * Checking an account and password, for the API's sign-in and the hosted pages alike: the same rate limits
 * (per account and per client), the same single answer for every failure, initial passwords accepted
 * (domain/initial-password.ts), expired passwords refused. The account is an e-mail address, or, for people
 * known only by a phone number (SMS invitations name the phone as the login account), that number.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../db/schema';
import type { Services } from '../env';
import { redeemInitialPassword } from './initial-password';
import { checkPhone } from './phone';
import { enforceRateLimits } from './rate-limit';

export type LoginAccount = { email: string } | { phone: string };
type UserRow = typeof users.$inferSelect;

const WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMITS = { perAccount: 10, perClient: 100, windowMs: WINDOW_MS };

/** What a person typed as their account: an address when it has an `@`, else a phone number. */
export function accountFromInput(text: string): LoginAccount {
  const t = text.trim();
  return t.includes('@') ? { email: t.toLowerCase() } : { phone: t };
}

/** The account's user when the password is right, else null (after the same work either way). */
export async function checkCredentials(s: Services, clientIp: string, account: LoginAccount, password: string): Promise<UserRow | null> {
  const { db, passwords, rateLimiter, now } = s;
  const phone = 'phone' in account ? checkPhone(account.phone) : null;
  const key = 'email' in account ? `login:email:${account.email}` : `login:phone:${phone?.ok ? phone.e164 : account.phone}`;
  await enforceRateLimits(
    rateLimiter,
    [
      { key, limit: LOGIN_LIMITS.perAccount, windowMs: WINDOW_MS },
      { key: `login:ip:${clientIp}`, limit: LOGIN_LIMITS.perClient, windowMs: WINDOW_MS },
    ],
    now(),
  );
  // People with an e-mail address sign in with it; a phone names only accounts that have no address.
  const candidates =
    'email' in account
      ? await db.select().from(users).where(eq(users.email, account.email)).limit(1)
      : phone?.ok
        ? await db.select().from(users).where(and(eq(users.phone, phone.e164), isNull(users.email))).limit(3)
        : [];
  if (candidates.length === 0) await passwords.verify(password, null);
  for (const found of candidates) {
    const user = await redeemInitialPassword(s, found, password, now());
    const check = await passwords.verify(password, user.passwordHash);
    const expired = user.passwordExpiresAt != null && user.passwordExpiresAt <= now();
    if (!check.ok || expired) continue;
    await rateLimiter.reset(key);
    if (check.needsRehash) await db.update(users).set({ passwordHash: await passwords.hash(password) }).where(eq(users.id, user.id));
    return user;
  }
  return null;
}
