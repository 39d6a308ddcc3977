/**
 * Initial passwords (organization setting `sendInitialPassword`, seed "send invitation": the message carries a
 * login and a password).
 *
 * Design: no usable password is ever stored, in plain text or otherwise, before the person uses it. The
 * password is derived when the message is rendered, `HMAC(TOKEN_SECRET, "initial_password":<token id>:<nonce>)`,
 * over the same single-use, expiring action token (`action_tokens`, purpose `set_password`, with the
 * organization) that a set-password link would use. Sign-in accepts it for an account that has never had a
 * password: it recomputes the derivation for the account's open tokens and compares in constant time. On the
 * first sign-in the token is used up, the typed password is stored as an ordinary scrypt hash that still
 * expires with the invitation (`users.passwordExpiresAt`) and must be changed (`mustChangePassword`), and the
 * membership becomes active: knowing the password proves control of the address the message went to, which is
 * recorded as verified (domain/proof.ts) when it is still the account's.
 * A resend (new token, old one revoked), a cancel or the expiry kills the password, as it kills a link. Only
 * 120 bits of an HMAC are shown, so the password cannot be guessed, and a copy of the database yields nothing.
 */
import { and, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { actionTokens, users } from '../db/schema';
import type { Services } from '../env';
import { timingSafeEqual } from '../lib/encoding';
import type { TokenKit } from '../lib/tokens';
import { useActionToken } from './action-tokens';
import { auditEvent } from './audit';
import { unlessChanged } from './invitations';
import { activateMembership } from './joining';
import { markVerified, proves, stillSignsInWith, withProof } from './proof';

/** Crockford's base32 in lower case: no i, l, o or u to mistake for one another. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The initial password a message shows for this token: 24 characters, 120 bits. */
export async function initialPasswordFor(tokens: TokenKit, row: { id: string; tokenNonce: string }): Promise<string> {
  return base32((await tokens.mac('initial_password', row.id, row.tokenNonce)).slice(0, 15));
}

type UserRow = typeof users.$inferSelect;
const bytes = (s: string) => new TextEncoder().encode(s);

/**
 * Called by sign-in before it checks the password: when `password` is the initial password of one of the
 * account's open invitations, the account gets it as its (expiring) password and the membership is activated.
 * Answers the account as it now is; an account that has or had a password is answered unchanged.
 */
export async function redeemInitialPassword(s: Pick<Services, 'db' | 'tokens' | 'passwords'>, user: UserRow, password: string, now: number): Promise<UserRow> {
  if (user.passwordHash !== null || user.registeredAt !== null || password.length !== 24) return user;
  const { db } = s;
  const open = await db
    .select()
    .from(actionTokens)
    .where(and(eq(actionTokens.userId, user.id), eq(actionTokens.purpose, 'set_password'), isNull(actionTokens.usedAt), gt(actionTokens.expiresAt, now), isNotNull(actionTokens.orgId)))
    .limit(20);
  let match: (typeof open)[number] | undefined;
  for (const row of open) if (timingSafeEqual(bytes(await initialPasswordFor(s.tokens, row)), bytes(password))) match = row;
  // The password proves the address it went to; that must be the account's (an address changed since proves nothing).
  if (!match || !proves(user, match.sentTo)) return user;
  const orgId = match.orgId!;
  const next: UserRow = { ...withProof(user, match.sentTo!, now), passwordHash: await s.passwords.hash(password), mustChangePassword: true, passwordExpiresAt: match.expiresAt, registeredAt: now };
  try {
    await db.batch([
      useActionToken(db, match.id, now),
      unlessChanged(db),
      db
        .update(users)
        .set({ passwordHash: next.passwordHash, mustChangePassword: true, passwordExpiresAt: next.passwordExpiresAt, registeredAt: now })
        .where(and(eq(users.id, user.id), isNull(users.passwordHash), stillSignsInWith(match.sentTo!))),
      unlessChanged(db),
      markVerified(db, user.id, match.sentTo!, now),
      activateMembership(db, { orgId, userId: user.id, sentBy: match.createdBy }, now),
      auditEvent(db, { orgId, actorId: user.id, action: 'member.activate', targetType: 'user', targetId: user.id, detail: { via: 'initial_password' } }, now),
    ]);
  } catch {
    return user; // a parallel sign-in used the token first
  }
  return next;
}
