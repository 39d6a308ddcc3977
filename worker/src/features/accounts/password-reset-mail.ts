/**
 * The "choose a new password" link (features/accounts/password-reset.ts; `refId` = the action token). Rendered
 * when delivered, skipped when the link was used, replaced or expired.
 */
import { eq } from 'drizzle-orm';
import { actionTokens } from '../../db/schema';
import { actionUrl } from './action-tokens';
import { RESET_KINDS } from './password-reset';
import { buildEmail } from '../../mail/layout';
import type { MessageDefinition, RenderContext } from '../../mail/messages';
import { formatTime } from '../../lib/time';

async function load(ctx: RenderContext, tokenId: string) {
  const [token] = await ctx.db
    .select()
    .from(actionTokens)
    .where(eq(actionTokens.id, tokenId))
    .limit(1);
  if (
    !token?.sentTo ||
    token.purpose !== 'reset_password' ||
    token.usedAt !== null ||
    token.expiresAt <= ctx.now
  )
    return null;
  return {
    to: token.sentTo,
    url: await actionUrl(ctx.tokens, ctx.publicUrl, token),
    until: formatTime(token.expiresAt),
  };
}

export const passwordResetEmail: MessageDefinition<typeof RESET_KINDS.email> = {
  kind: RESET_KINDS.email,
  async render(ctx, tokenId) {
    const m = await load(ctx, tokenId);
    if (!m) return null;
    return buildEmail({
      to: m.to,
      subject: 'Choose a new password for Invitations',
      heading: 'Choose a new password',
      blocks: [
        {
          p: `Someone, probably you, asked to choose a new password for the account ${m.to}. Follow this link to choose one; every session of the account is then signed out.`,
        },
        { button: { label: 'Choose a new password', url: m.url } },
        {
          note: `The link works once, until ${m.until}. If you did not ask for it, ignore this message: your password stays as it is.`,
        },
      ],
    });
  },
};

export const passwordResetSms: MessageDefinition<typeof RESET_KINDS.sms> = {
  kind: RESET_KINDS.sms,
  async render(ctx, tokenId) {
    const m = await load(ctx, tokenId);
    return m
      ? {
          to: m.to,
          body: `Choose a new password for ${m.to} (until ${m.until}): ${m.url} Did not ask for it? Ignore this message.`,
        }
      : null;
  },
};
