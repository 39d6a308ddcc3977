/**
 * Eight-digit codes that prove an address where the link in hand does not (docs/SECURITY.md): an
 * invitation handed out as a copied link, an SMS invitation for someone who signs in with an e-mail
 * address, an SMS set-password link for such an account. Whoever holds the link asks for a code, it
 * goes to the address to be proven, and the next step needs it back. Like every secret in a
 * message, the code is derived — from TOKEN_SECRET, the code's id and its nonce — when the message
 * is rendered, so the database and the outbox never hold it. A code works once, for ten minutes,
 * for five tries; asking for a new one ends the earlier ones. Sending is limited per link, per
 * client and per address, and counts against the organization's public message budget. Tries are
 * bounded by those alone — five per code, so at most `5 × CODE_SENDS.perAddress` an hour for one
 * address, whoever asks — and by the client's own credential limit; no counter of the address
 * exists that a stranger could fill to lock its owner's code out, or read to learn whether the
 * address has an account (the sign-in counters are the account's, never a code's).
 */
import type { Locale } from '../../../../shared/i18n';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { verificationCodes } from '../../db/schema';
import type { Services } from '../../env';
import { timingSafeEqual } from '../../lib/encoding';
import { newId, newNonce } from '../../lib/ids';
import type { TokenKit } from '../../lib/tokens';
import { clientCredentialKey, CREDENTIAL_LIMITS } from './credentials';
import { queueMessage } from '../../mail/outbox';
import { withinQuota, type QuotaHolder } from '../organizations/quota';
import { enforceRateLimits } from '../../lib/rate-limit';

export const CODE_DIGITS = 8;
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_TRIES = 5;
export const CODE_SENDS = { perLink: 5, perClient: 20, perAddress: 10, windowMs: 60 * 60_000 };
export const CODE_KINDS = {
  email: 'verification_code_email',
  sms: 'verification_code_sms',
} as const;

export type CodeRow = typeof verificationCodes.$inferSelect;
export type CodeFailure = {
  ok: false;
  code: 'invalid_credentials' | 'verification_required';
  message: string;
  fields: Record<string, string>;
};

/** What a code is for, and where it goes: the address to prove. */
export interface CodeTarget {
  forKind: CodeRow['forKind'];
  forId: string;
  sentTo: string;
  channel: 'email' | 'sms';
}

/** The digits a message shows for this code row. */
export async function codeFor(
  tokens: TokenKit,
  row: Pick<CodeRow, 'id' | 'tokenNonce'>,
): Promise<string> {
  const mac = await tokens.mac('verification_code', row.id, row.tokenNonce);
  const n = mac.slice(0, 6).reduce((acc, byte) => acc * 256 + byte, 0);
  return String(n % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0');
}

/** Writes a new code and its message; earlier codes for the same link stop working. */
export async function sendCode(
  s: Services,
  target: CodeTarget,
  org: QuotaHolder,
  clientIp: string,
  /** The language of the page or request that asked for the code. */
  locale: Locale | null = null,
): Promise<{ sentTo: string; channel: 'email' | 'sms'; expiresAt: number }> {
  const { db } = s;
  const t = s.now();
  await enforceRateLimits(
    s.rateLimiter,
    [
      {
        key: `code:send:${target.forId}`,
        limit: CODE_SENDS.perLink,
        windowMs: CODE_SENDS.windowMs,
      },
      {
        key: `code:send:client:${clientIp}`,
        limit: CODE_SENDS.perClient,
        windowMs: CODE_SENDS.windowMs,
      },
      // Whatever organization or link asks: this bounds the guesses at one address's codes (five
      // tries each).
      {
        key: `code:send:address:${target.sentTo}`,
        limit: CODE_SENDS.perAddress,
        windowMs: CODE_SENDS.windowMs,
      },
    ],
    t,
  );
  const row: CodeRow = {
    id: newId(),
    ...target,
    orgId: org.id,
    tokenNonce: newNonce(),
    attempts: 0,
    expiresAt: t + CODE_TTL_MS,
    usedAt: null,
    createdAt: t,
  };
  await withinQuota(
    s,
    org,
    1,
    (quota) =>
      db.batch([
        db
          .update(verificationCodes)
          .set({ usedAt: t })
          .where(and(eq(verificationCodes.forId, target.forId), isNull(verificationCodes.usedAt))),
        db.insert(verificationCodes).values(row),
        queueMessage(
          db,
          {
            kind: CODE_KINDS[target.channel],
            channel: target.channel,
            recipient: target.sentTo,
            refId: row.id,
            orgId: org.id,
            byPublic: true,
            locale,
          },
          t,
        ),
        ...quota,
      ]),
    { byPublic: true },
  );
  return { sentTo: target.sentTo, channel: target.channel, expiresAt: row.expiresAt };
}

/**
 * Until when the code last sent for `forId` works, while it is live and has tries left (so a page
 * reopened asks for it).
 */
export async function liveCodeUntil(db: Db, forId: string, now: number): Promise<number | null> {
  const [row] = await db
    .select({ expiresAt: verificationCodes.expiresAt })
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.forId, forId),
        isNull(verificationCodes.usedAt),
        gt(verificationCodes.expiresAt, now),
        lt(verificationCodes.attempts, CODE_MAX_TRIES),
      ),
    )
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1);
  return row?.expiresAt ?? null;
}

const needNew = (message: string): CodeFailure => ({
  ok: false,
  code: 'verification_required',
  message,
  fields: { code: 'ask for a new code' },
});

/**
 * Checks a code for the link `forId`, within the code's own five tries and the client's limit;
 * changes nothing else. Answers the code row (to use up with `useCode` in the batch it allows), or
 * why not.
 */
export async function checkCode(
  s: Services,
  forId: string,
  address: string,
  given: string,
  clientIp: string,
): Promise<{ ok: true; row: CodeRow } | CodeFailure> {
  const { db } = s;
  const t = s.now();
  const [row] = await db
    .select()
    .from(verificationCodes)
    .where(and(eq(verificationCodes.forId, forId), isNull(verificationCodes.usedAt)))
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1);
  // Without a live code there is nothing to guess, and nothing counts: tries against an address
  // that was sent no code cannot spend the limits its owner's real code will need.
  if (!row || row.expiresAt <= t || row.sentTo !== address)
    return needNew('This code has expired or was replaced by a newer one; ask for a new code');
  // One client guessing at many codes is stopped by its own limit, the one its failed sign-ins
  // count against too.
  const clientKey = clientCredentialKey(clientIp);
  await enforceRateLimits(s.rateLimiter, [{ key: clientKey, ...CREDENTIAL_LIMITS.perClient }], t);
  // Every try counts before the comparison, so parallel guesses cannot share one try.
  const [tried] = await db
    .update(verificationCodes)
    .set({ attempts: sql`${verificationCodes.attempts} + 1` })
    .where(
      and(
        eq(verificationCodes.id, row.id),
        isNull(verificationCodes.usedAt),
        gt(verificationCodes.expiresAt, t),
        lt(verificationCodes.attempts, CODE_MAX_TRIES),
      ),
    )
    .returning({ attempts: verificationCodes.attempts });
  if (!tried) return needNew('This code was tried too many times; ask for a new code');
  const expected = new TextEncoder().encode(await codeFor(s.tokens, row));
  const typed = new TextEncoder().encode(given.replace(/\s+/g, ''));
  if (!timingSafeEqual(expected, typed))
    return {
      ok: false,
      code: 'invalid_credentials',
      message: 'That code is not right; check the latest message',
      fields: { code: 'is not right' },
    };
  // The right code spends no try: a page that checks it again (the step after /verify, a form sent
  // back for a mistyped password) leaves the code its five.
  await Promise.all([
    s.rateLimiter.undo([clientKey], s.now()),
    db
      .update(verificationCodes)
      .set({ attempts: sql`${verificationCodes.attempts} - 1` })
      .where(eq(verificationCodes.id, row.id)),
  ]);
  return { ok: true, row };
}

/**
 * The guarded write that uses a code up; put it first in the batch, followed by `unlessChanged`.
 */
export function useCode(db: Db, id: string, now: number) {
  return db
    .update(verificationCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(verificationCodes.id, id),
        isNull(verificationCodes.usedAt),
        gt(verificationCodes.expiresAt, now),
      ),
    );
}
