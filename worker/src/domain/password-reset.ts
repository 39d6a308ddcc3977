/**
 * "Forgot your password?": a single-use link, valid for an hour, to the account's sign-in address (its e-mail, or the
 * phone of an account known only by one). Using it proves the address, so it sets the password of whoever owns the
 * address — the way the owner of an address takes back an account someone else set a password on — and signs every
 * session out (routes/action-pages.tsx). The answer is the same whether or not an account exists.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { actionTokens } from '../db/schema';
import type { Services } from '../env';
import { accountsNamed, type LoginAccount } from './credentials';
import { newActionToken } from './action-tokens';
import { queueMessage } from './outbox';
import { enforceRateLimits } from './rate-limit';

export const RESET_TTL_MS = 60 * 60_000;
export const RESET_LIMITS = { perAccount: 5, perClient: 20, windowMs: 60 * 60_000 };
export const RESET_KINDS = { email: 'password_reset_email', sms: 'password_reset_sms' } as const;

export async function requestPasswordReset(s: Services, clientIp: string, account: LoginAccount): Promise<void> {
  const { db } = s;
  const t = s.now();
  const { key, candidates } = await accountsNamed(s, account);
  await enforceRateLimits(
    s.rateLimiter,
    [
      { key: `reset:${key}`, limit: RESET_LIMITS.perAccount, windowMs: RESET_LIMITS.windowMs },
      { key: `reset:client:${clientIp}`, limit: RESET_LIMITS.perClient, windowMs: RESET_LIMITS.windowMs },
    ],
    t,
  );
  for (const user of candidates) {
    const sentTo = user.email ?? user.phone!;
    const channel = user.email ? 'email' : 'sms';
    const token = newActionToken(db, { purpose: 'reset_password', userId: user.id, orgId: null, sentTo, ttlMs: RESET_TTL_MS }, t);
    await db.batch([
      // One reset link at a time: asking again ends the earlier ones.
      db.update(actionTokens).set({ usedAt: t }).where(and(eq(actionTokens.userId, user.id), eq(actionTokens.purpose, 'reset_password'), isNull(actionTokens.usedAt))),
      token.insert,
      queueMessage(db, { kind: RESET_KINDS[channel], channel, recipient: sentTo, refId: token.row.id }, t),
    ]);
  }
}
