/**
 * Choosing a password through a link: `/set-password/:token` (a newcomer's first password) and
 * `/reset-password/:token` (anyone's new one, after "Forgot your password?",
 * features/accounts/password-reset.ts). A password is set only by someone who proved the account's
 * sign-in address (or, for an account that never had one, any of its addresses,
 * features/accounts/proof.ts); a set-password link that went to a phone beside the account's e-mail
 * address asks for a code to that address first (features/accounts/single-use-link-codes.ts). Setting the
 * password signs every session out and ends the account's other reset links.
 */
import type { Locale } from '../../../../shared/i18n';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { actionTokens, sessions, users } from '../../db/schema';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { queueMessage } from '../../mail/outbox';
import { LinkRefused, openLink, useToken, type LinkInfo, type OpenLink } from './single-use-links';
import type { ActionToken } from './action-tokens';
import { markVerified, proves, stillSignsInWith } from './proof';
import { checkCode, liveCodeUntil, useCode } from './verification-codes';
import { unlessChanged } from '../../db/guarded';

type UserRow = typeof users.$inferSelect;
export type PasswordPurpose = 'set_password' | 'reset_password';

/**
 * What a set-password or reset link lets its holder do: `set` the password when it went to the
 * account's sign-in address; `code` — first prove the account's e-mail address with a code — when
 * it went to a phone an organization gave beside that address (then: choose the first password, or,
 * for an account that has one, just join); else nothing.
 */
function linkAllows(user: UserRow | null, row: ActionToken): 'set' | 'code' | 'nothing' {
  if (!user) return 'nothing';
  if (proves(user, row.sentTo)) return 'set';
  return row.purpose === 'set_password' && user.email !== null ? 'code' : 'nothing';
}

/**
 * Whether the link gives the account its first password (and so asks the person's name as well).
 */
export const firstPassword = (info: Pick<LinkInfo, 'user'>) =>
  info.user !== null && info.user.passwordHash === null;

export interface PasswordLink extends OpenLink {
  user: UserRow;
  allows: 'set' | 'code';
}

/** A set-password or reset link that may set this account's password (or, after a code, join). */
export async function openPasswordLink(
  s: Services,
  input: { purpose: PasswordPurpose; token: string },
): Promise<PasswordLink> {
  const link = await openLink(s, input);
  if (!link.info.senderMay)
    throw new LinkRefused(link.info.withdrawn ? 'withdrawn' : 'sender_gone');
  const allows = linkAllows(link.info.user, link.row);
  if (!link.info.user || allows === 'nothing') throw new LinkRefused('not_this_account');
  return { ...link, user: link.info.user, allows };
}

/**
 * The link as its page shows it: with `codeSentUntil` when a code to the account's address is
 * still live (the page reopened from the message asks for it rather than sending another).
 */
export async function viewPasswordLink(
  s: Services,
  input: { purpose: PasswordPurpose; token: string },
): Promise<PasswordLink & { codeSentUntil: number | null }> {
  const link = await openPasswordLink(s, input);
  const codeSentUntil =
    link.allows === 'code' ? await liveCodeUntil(s.db, link.row.id, s.now()) : null;
  return { ...link, codeSentUntil };
}

export interface SetPasswordInput {
  link: PasswordLink;
  clientIp: string;
  /** The code sent to the account's e-mail address, when the link `allows` only `code`. */
  code: string;
  /**
   * The new password and, with a first password, the person's name; or what was wrong with the
   * form, refused only after the code (nothing is said of the account before its address is
   * proven).
   */
  password: { newPassword: string; name?: string } | { invalid: Record<string, string> };
  /** The language of the request (its message speaks it); null: English or the organization's. */
  locale?: Locale | null;
}

/** `joined`: the code proved the owner of an account that has a password, which joins as it is. */
export type SetPasswordDone = { done: 'joined' } | { done: 'password_set'; joinedNow: boolean };

/**
 * Uses the link: checks the code when it needs one (throws its `invalid_credentials` /
 * `verification_required` with `fields`), then refuses an invalid form (`invalid_input`), and
 * sets the password; refuses a link used meanwhile, or an account whose address changed.
 */
export async function setPasswordThroughLink(
  s: Services,
  input: SetPasswordInput,
): Promise<SetPasswordDone> {
  const { row, info, user, allows } = input.link;
  const reset = row.purpose === 'reset_password';
  // Through a phone, the account's e-mail address is proven with a code first; the link alone
  // proves only the phone.
  let codeId: string | null = null;
  if (allows === 'code') {
    const checked = await checkCode(s, row.id, info.account, input.code, input.clientIp);
    if (!checked.ok) throw new AppError(checked.code, checked.message, checked.fields);
    codeId = checked.row.id;
  }
  const proven = codeId
    ? [
        useCode(s.db, codeId, s.now()),
        unlessChanged(s.db),
        markVerified(s.db, user.id, info.account, s.now()),
      ]
    : [];
  if (codeId && user.passwordHash !== null) {
    // The code proved the owner of an account that has a password: it joins, its password
    // untouched.
    if ((await useToken(s, row, info.authority, () => proven)) !== 'ok')
      throw new LinkRefused('token_used');
    return { done: 'joined' };
  }
  const { password } = input;
  if ('invalid' in password)
    throw new AppError(
      'invalid_input',
      'The new password or the name is not valid',
      password.invalid,
    );
  const hash = await s.passwords.hash(password.newPassword);
  const ok = await useToken(s, row, info.authority, (t) => [
    ...proven,
    s.db
      .update(users)
      .set({
        passwordHash: hash,
        mustChangePassword: false,
        passwordExpiresAt: null,
        registeredAt: sql`coalesce(${users.registeredAt}, ${t})`,
        ...(password.name !== undefined ? { name: password.name } : {}),
      })
      // The owner of the sign-in address may replace a password; a code through a phone only
      // sets a first one.
      .where(
        and(
          eq(users.id, user.id),
          allows === 'set' ? undefined : isNull(users.passwordHash),
          stillSignsInWith(allows === 'set' ? row.sentTo! : info.account),
        ),
      ),
    unlessChanged(s.db),
    s.db.delete(sessions).where(eq(sessions.userId, user.id)),
    // Every other reset link of the account ends with this one.
    s.db
      .update(actionTokens)
      .set({ usedAt: t })
      .where(
        and(
          eq(actionTokens.userId, user.id),
          eq(actionTokens.purpose, 'reset_password'),
          isNull(actionTokens.usedAt),
        ),
      ),
    ...(reset && user.email
      ? [
          queueMessage(
            s.db,
            {
              kind: 'password_changed',
              channel: 'email',
              recipient: user.email,
              refId: user.id,
              locale: input.locale ?? null,
            },
            t,
          ),
        ]
      : []),
  ]);
  if (ok === 'used') throw new LinkRefused('token_used');
  if (ok === 'changed') throw new LinkRefused('not_this_account');
  return { done: 'password_set', joinedNow: info.org !== null && info.membership === 'pending' };
}
