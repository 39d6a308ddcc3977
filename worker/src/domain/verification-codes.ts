/**
 * Six-digit codes that prove an invitation's address when the invitation was handed out as a copied link
 * (`channel: "link"`): whoever holds the link asks for a code, it goes to the invitation's e-mail address (or phone),
 * and accepting needs it back (docs/SECURITY.md). Like every secret in a message, the code is derived — from
 * TOKEN_SECRET, the code's id and its nonce — when the message is rendered, so the database and the outbox never hold
 * it. A code works once, for ten minutes, for five tries; asking for a new one ends the earlier ones. Sending is
 * limited per invitation and per client, and counts against the organization's message quota.
 */
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { verificationCodes } from '../db/schema';
import type { Services } from '../env';
import { timingSafeEqual } from '../lib/encoding';
import { newId, newNonce } from '../lib/ids';
import type { TokenKit } from '../lib/tokens';
import { beginCredentialCheck, subjectOfAddress } from './credentials';
import type { InvitationRow } from './invitations';
import { queueMessage } from './outbox';
import { withinQuota, type QuotaHolder } from './quota';
import { enforceRateLimits } from './rate-limit';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_TRIES = 5;
export const CODE_SENDS = { perInvitation: 5, perClient: 20, windowMs: 60 * 60_000 };
export const CODE_KINDS = { email: 'verification_code_email', sms: 'verification_code_sms' } as const;

export type CodeRow = typeof verificationCodes.$inferSelect;
export type CodeFailure = { ok: false; code: 'invalid_credentials' | 'verification_required'; message: string; fields: Record<string, string> };

/** The six digits a message shows for this code row. */
export async function codeFor(tokens: TokenKit, row: Pick<CodeRow, 'id' | 'tokenNonce'>): Promise<string> {
  const mac = await tokens.mac('verification_code', row.id, row.tokenNonce);
  const n = ((mac[0]! << 24) | (mac[1]! << 16) | (mac[2]! << 8) | mac[3]!) >>> 0;
  return String(n % 1_000_000).padStart(6, '0');
}

/** Where a code for this invitation goes. */
export const codeAddress = (inv: Pick<InvitationRow, 'email' | 'phone'>) =>
  inv.email ? { sentTo: inv.email, channel: 'email' as const } : { sentTo: inv.phone!, channel: 'sms' as const };

/** Writes a new code for the invitation and its message; earlier codes of the invitation stop working. */
export async function sendInvitationCode(s: Services, inv: InvitationRow, org: QuotaHolder, clientIp: string): Promise<{ sentTo: string; channel: 'email' | 'sms'; expiresAt: number }> {
  const { db } = s;
  const t = s.now();
  await enforceRateLimits(
    s.rateLimiter,
    [
      { key: `code:send:${inv.id}`, limit: CODE_SENDS.perInvitation, windowMs: CODE_SENDS.windowMs },
      { key: `code:send:client:${clientIp}`, limit: CODE_SENDS.perClient, windowMs: CODE_SENDS.windowMs },
    ],
    t,
  );
  const { sentTo, channel } = codeAddress(inv);
  const row: CodeRow = { id: newId(), invitationId: inv.id, sentTo, channel, tokenNonce: newNonce(), attempts: 0, expiresAt: t + CODE_TTL_MS, usedAt: null, createdAt: t };
  await withinQuota(s, org, 1, (quota) =>
    db.batch([
      db.update(verificationCodes).set({ usedAt: t }).where(and(eq(verificationCodes.invitationId, inv.id), isNull(verificationCodes.usedAt))),
      db.insert(verificationCodes).values(row),
      queueMessage(db, { kind: CODE_KINDS[channel], channel, recipient: sentTo, refId: row.id, orgId: inv.orgId }, t),
      ...quota,
    ]),
  );
  return { sentTo, channel, expiresAt: row.expiresAt };
}

const needNew = (message: string): CodeFailure => ({ ok: false, code: 'verification_required', message, fields: { code: 'ask for a new code' } });

/**
 * Checks a code given with an acceptance, within the shared credential limits and the code's own five tries.
 * Answers the code row to use up in the acceptance's batch (`useCode`), or why not.
 */
export async function checkInvitationCode(s: Services, inv: InvitationRow, given: string, clientIp: string): Promise<{ ok: true; row: CodeRow } | CodeFailure> {
  const { db } = s;
  const t = s.now();
  const { sentTo } = codeAddress(inv);
  const attempt = await beginCredentialCheck(s, clientIp, [subjectOfAddress(sentTo)]);
  const [row] = await db
    .select()
    .from(verificationCodes)
    .where(and(eq(verificationCodes.invitationId, inv.id), isNull(verificationCodes.usedAt)))
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1);
  if (!row || row.expiresAt <= t) return needNew('This code has expired or was replaced by a newer one; ask for a new code');
  // Every try counts before the comparison, so parallel guesses cannot share one try.
  const [tried] = await db
    .update(verificationCodes)
    .set({ attempts: sql`${verificationCodes.attempts} + 1` })
    .where(and(eq(verificationCodes.id, row.id), isNull(verificationCodes.usedAt), gt(verificationCodes.expiresAt, t), lt(verificationCodes.attempts, CODE_MAX_TRIES)))
    .returning({ attempts: verificationCodes.attempts });
  if (!tried) return needNew('This code was tried too many times; ask for a new code');
  const expected = new TextEncoder().encode(await codeFor(s.tokens, row));
  const typed = new TextEncoder().encode(given.replace(/\s+/g, ''));
  if (!timingSafeEqual(expected, typed)) return { ok: false, code: 'invalid_credentials', message: 'That code is not right; check the latest message', fields: { code: 'is not right' } };
  await attempt.succeeded(subjectOfAddress(sentTo));
  return { ok: true, row };
}

/** The guarded write that uses a code up; put it first in the batch, followed by `unlessChanged`. */
export function useCode(db: Db, id: string, now: number) {
  return db
    .update(verificationCodes)
    .set({ usedAt: now })
    .where(and(eq(verificationCodes.id, id), isNull(verificationCodes.usedAt), gt(verificationCodes.expiresAt, now)));
}
