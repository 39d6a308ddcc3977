/**
 * The code steps of a set-password link that came by SMS for an account that signs in with an
 * e-mail address (features/accounts/set-password.ts `linkAllows` → `code`): a code goes to that
 * address, and the link's page goes on once it comes back
 * (features/accounts/verification-codes.ts).
 */
import type { Locale } from '../../../../shared/i18n';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { LinkRefused, type OpenLink } from './single-use-links';
import { openPasswordLink } from './set-password';
import { checkCode, sendCode } from './verification-codes';

type CodeLinkInfo = OpenLink['info'] & {
  user: NonNullable<OpenLink['info']['user']>;
  org: NonNullable<OpenLink['info']['org']>;
};

/** A set-password link of an organization whose page asks for a code first. */
export interface CodeLink {
  row: OpenLink['row'];
  info: CodeLinkInfo;
}

/** Opens a set-password link that asks for a code; refused otherwise. */
export async function openCodeLink(s: Services, input: { token: string }): Promise<CodeLink> {
  const link = await openPasswordLink(s, { purpose: 'set_password', token: input.token });
  const { org } = link.info;
  if (!org || link.allows !== 'code') throw new LinkRefused('not_this_account');
  return { row: link.row, info: { ...link.info, user: link.user, org } };
}

/** Sends a code to the account's e-mail address; answers until when it works. */
export async function sendLinkCode(
  s: Services,
  input: { link: CodeLink; clientIp: string; locale?: Locale | null },
): Promise<number> {
  const { row, info } = input.link;
  const sent = await sendCode(
    s,
    { forKind: 'action_token', forId: row.id, sentTo: info.account, channel: 'email' },
    info.org,
    input.clientIp,
    input.locale ?? null,
  );
  return sent.expiresAt;
}

/**
 * Checks the code without using it (the password step uses it); throws its `invalid_credentials`
 * or `verification_required` with `fields`. Only then does it say what comes next: a `password` for
 * an account without one, else `join`.
 */
export async function checkLinkCode(
  s: Services,
  input: { link: CodeLink; code: string; clientIp: string },
): Promise<'password' | 'join'> {
  const { row, info } = input.link;
  const checked = await checkCode(s, row.id, info.account, input.code, input.clientIp);
  if (!checked.ok) throw new AppError(checked.code, checked.message, checked.fields);
  return info.user.passwordHash === null ? 'password' : 'join';
}
