/**
 * Initial passwords (organization setting `sendInitialPassword`, seed "send invitation": the
 * message carries a login and a password).
 *
 * Design: no usable password is ever stored, in plain text or otherwise, before the person uses it.
 * The password is derived when the message is rendered, `HMAC(TOKEN_SECRET,
 * "initial_password":<token id>:<nonce>)`, over the same single-use, expiring action token
 * (`action_tokens`, purpose `set_password`, with the organization) that a set-password link would
 * use. Sign-in accepts it for an account that has never had a password: it recomputes the
 * derivation for the account's open tokens and compares in constant time. On the first sign-in the
 * token is used up, the typed password is stored as an ordinary scrypt hash that still expires with
 * the invitation (`users.passwordExpiresAt`) and must be changed (`mustChangePassword`), and the
 * membership becomes active: knowing the password proves control of the address the message went
 * to, which is recorded as verified (features/accounts/proof.ts) when it is still the account's. A resend (new
 * token, old one revoked), a cancel or the expiry kills the password, as it kills a link. Only 120
 * bits of an HMAC are shown, so the password cannot be guessed, and a copy of the database yields
 * nothing.
 */
import { memberJoinedEvent } from '../webhooks/events';
import { and, desc, eq, gt, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { actionTokens, users } from '../../db/schema';
import type { Services } from '../../env';
import { timingSafeEqual } from '../../lib/encoding';
import type { TokenKit } from '../../lib/tokens';
import { useActionToken } from './action-tokens';
import { auditEvent } from '../organizations/audit';
import { addressStillAllowed, joinAuthority, mayStillJoin } from '../organizations/authority';
import { activateMembership } from './activate-membership';

import { markVerified, proves, stillSignsInWith, withProof } from './proof';
import { unlessChanged } from '../../db/guarded';
import { memberNameSql } from '../../db/member-names';

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
export async function initialPasswordFor(
  tokens: TokenKit,
  row: { id: string; tokenNonce: string },
): Promise<string> {
  return base32((await tokens.mac('initial_password', row.id, row.tokenNonce)).slice(0, 15));
}

type UserRow = typeof users.$inferSelect;
type TokenRow = typeof actionTokens.$inferSelect;
const bytes = (s: string) => new TextEncoder().encode(s);

/**
 * Whether `password` has the shape of an initial password (so that looking for its token is worth
 * it).
 */
export const looksLikeInitialPassword = (password: string) =>
  password.length === 24 && [...password].every((ch) => ALPHABET.includes(ch));

/**
 * How many open initial passwords are compared for one sign-in: the newest first, each an HMAC, no
 * scrypt. Every organization that added the person may have sent one, and the one the person holds
 * must not be crowded out.
 */
const OPEN_TOKENS_COMPARED = 200;

/**
 * The open initial-password token among those `where` selects that `password` is, if any (constant
 * time each).
 */
async function tokenOfInitialPassword(
  s: Pick<Services, 'db' | 'tokens'>,
  where: SQL,
  password: string,
  now: number,
): Promise<TokenRow | undefined> {
  const open = await s.db
    .select({ token: actionTokens })
    .from(actionTokens)
    .innerJoin(users, eq(users.id, actionTokens.userId))
    .where(
      and(
        where,
        eq(actionTokens.purpose, 'set_password'),
        isNull(actionTokens.usedAt),
        gt(actionTokens.expiresAt, now),
        isNotNull(actionTokens.orgId),
        isNull(users.passwordHash),
        isNull(users.registeredAt),
      ),
    )
    .orderBy(desc(actionTokens.createdAt))
    .limit(OPEN_TOKENS_COMPARED);
  let match: TokenRow | undefined;
  for (const { token } of open)
    if (timingSafeEqual(bytes(await initialPasswordFor(s.tokens, token)), bytes(password)))
      match = token;
  return match;
}

/**
 * The phone-only account an initial password sent to `phone` was for, when `password` is one.
 * Anyone may add a person by phone to an organization of theirs and send them an initial password,
 * so a phone may name many password-less accounts: the password itself picks the one its message
 * was for.
 */
export async function accountOfInitialPassword(
  s: Pick<Services, 'db' | 'tokens'>,
  phone: string,
  password: string,
  now: number,
): Promise<UserRow | null> {
  if (!looksLikeInitialPassword(password)) return null;
  const match = await tokenOfInitialPassword(
    s,
    and(eq(actionTokens.sentTo, phone), eq(users.phone, phone), isNull(users.email))!,
    password,
    now,
  );
  if (!match) return null;
  const [user] = await s.db.select().from(users).where(eq(users.id, match.userId)).limit(1);
  return user ?? null;
}

/**
 * Called by sign-in before it checks the password: when `password` is the initial password of one
 * of the account's open invitations, the account gets it as its (expiring) password and the
 * membership is activated. Answers the account as it now is; an account that has or had a password
 * is answered unchanged.
 */
export async function redeemInitialPassword(
  s: Pick<Services, 'db' | 'tokens' | 'passwords'>,
  user: UserRow,
  password: string,
  now: number,
): Promise<UserRow> {
  if (
    user.passwordHash !== null ||
    user.registeredAt !== null ||
    !looksLikeInitialPassword(password)
  )
    return user;
  const { db } = s;
  const match = await tokenOfInitialPassword(s, eq(actionTokens.userId, user.id), password, now);
  // The password proves the address it went to; that must be the account's (an address changed
  // since proves nothing).
  if (!match || !proves(user, match.sentTo)) return user;
  const orgId = match.orgId!;
  // Like its link, the password works only while its sender could still send it
  // (features/organizations/authority.ts): a removed or demoted admin's initial password is refused whole, rather
  // than signing in someone it can no longer make a member.
  const authority = sql`(${await joinAuthority(db, match)} AND ${addressStillAllowed(orgId, user.email)})`;
  if (!(await mayStillJoin(db, match, authority))) return user;
  const next: UserRow = {
    ...withProof(user, match.sentTo!, now),
    passwordHash: await s.passwords.hash(password),
    mustChangePassword: true,
    passwordExpiresAt: match.expiresAt,
    registeredAt: now,
  };
  try {
    const [, , named] = await db.batch([
      useActionToken(db, match.id, now),
      unlessChanged(db),
      db
        .update(users)
        // The account takes the name the organization whose message this was gave the person, not
        // whatever name the first organization to add the address typed (anyone may add anyone).
        .set({
          passwordHash: next.passwordHash,
          mustChangePassword: true,
          passwordExpiresAt: next.passwordExpiresAt,
          registeredAt: now,
          name: sql`${memberNameSql(sql`${orgId}`, users.id)}`,
        })
        .where(
          and(eq(users.id, user.id), isNull(users.passwordHash), stillSignsInWith(match.sentTo!)),
        )
        .returning({ name: users.name }),
      unlessChanged(db),
      markVerified(db, user.id, match.sentTo!, now),
      activateMembership(db, { orgId, userId: user.id }, authority, now),
      memberJoinedEvent(db, { orgId, userId: user.id }, now),
      auditEvent(
        db,
        {
          orgId,
          actorId: user.id,
          action: 'member.activate',
          targetType: 'user',
          targetId: user.id,
          detail: { via: 'initial_password' },
        },
        now,
      ),
    ]);
    next.name = named[0]?.name ?? next.name;
  } catch {
    return user; // a parallel sign-in used the token first
  }
  return next;
}
