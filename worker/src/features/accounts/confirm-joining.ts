/**
 * `/confirm/:token`: an account that has a password confirms joining the organization that let it
 * in. One button when the link went to the account's sign-in address and that address was proven
 * before; otherwise the account's password decides too, since whoever set that password may not be
 * the address's owner (features/accounts/proof.ts).
 */
import type { users } from '../../db/schema';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { LinkRefused, openLink, useToken, type OpenLink } from './single-use-links';
import type { ActionToken } from './action-tokens';
import { verifyAccountPassword } from './credentials';
import { isVerified, proves, signInKind } from './proof';

type UserRow = typeof users.$inferSelect;

/**
 * Whether confirming asks for the password: `unproven` when the sign-in address was never proven,
 * `elsewhere` when the link went to another address (an SMS).
 */
function confirmNeedsPassword(
  user: UserRow,
  row: ActionToken,
): 'unproven' | 'elsewhere' | undefined {
  if (!proves(user, row.sentTo)) return 'elsewhere';
  return isVerified(user, signInKind(user)) ? undefined : 'unproven';
}

export interface ConfirmLink {
  row: OpenLink['row'];
  info: OpenLink['info'];
  user: UserRow;
  org: NonNullable<OpenLink['info']['org']>;
  needsPassword: 'unproven' | 'elsewhere' | undefined;
}

/**
 * Opens a confirm link: refused when its membership or account is gone (`withdrawn`) or its sender
 * may no longer let the person in.
 */
export async function openConfirmLink(s: Services, input: { token: string }): Promise<ConfirmLink> {
  const { row, info } = await openLink(s, { purpose: 'confirm_join', token: input.token });
  if (!info.org || !info.membership || !info.user) throw new LinkRefused('withdrawn');
  if (!info.senderMay) throw new LinkRefused(info.withdrawn ? 'withdrawn' : 'sender_gone');
  const needsPassword = confirmNeedsPassword(info.user, row);
  return { row, info, user: info.user, org: info.org, needsPassword };
}

/**
 * Confirms joining: checks the password when the link needs it (`invalid_credentials`, or
 * `forbidden` for an account whose address was never proven, both with `fields.password`), then
 * uses the link. Answers whether the account still has to choose its own password.
 */
export async function confirmJoining(
  s: Services,
  input: { link: ConfirmLink; password: string; clientIp: string },
): Promise<{ mustChangePassword: boolean }> {
  const { row, info, user, needsPassword } = input.link;
  if (needsPassword) {
    if (!(await verifyAccountPassword(s, input.clientIp, user, input.password)))
      throw new AppError('invalid_credentials', 'The password is not right.', {
        password: 'The password is not right.',
      });
    // A link to an address the account does not have proves nothing; the password alone does only
    // for a proven account.
    if (!proves(user, row.sentTo) && !isVerified(user, signInKind(user))) {
      const message = `Confirm ${info.account} first: choose a new password at /reset-password, then open this link again.`;
      throw new AppError('forbidden', message, { password: message });
    }
  }
  if ((await useToken(s, row, info.authority, () => [])) !== 'ok')
    throw new LinkRefused('token_used');
  return { mustChangePassword: user.mustChangePassword };
}
