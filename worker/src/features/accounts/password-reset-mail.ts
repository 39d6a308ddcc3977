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
import { fill } from '../../i18n/text';
import { messageDate, messageLocale } from '../../mail/locale';
import { passwordMailText } from './password-mail.text';

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
  // The language of the request that asked for the link, else English (an account belongs to no
  // one organization).
  const locale = messageLocale(ctx.locale);
  return {
    to: token.sentTo,
    locale,
    w: passwordMailText.in(locale),
    url: await actionUrl(ctx.tokens, ctx.publicUrl, token),
    until: messageDate(token.expiresAt, locale),
  };
}

export const passwordResetEmail: MessageDefinition<typeof RESET_KINDS.email> = {
  kind: RESET_KINDS.email,
  async render(ctx, tokenId) {
    const m = await load(ctx, tokenId);
    if (!m) return null;
    const p = { account: m.to, until: m.until, url: m.url };
    return buildEmail({
      to: m.to,
      locale: m.locale,
      subject: m.w.resetSubject,
      heading: m.w.chooseNew,
      blocks: [
        { p: fill(m.w.resetIntro, p) },
        { button: { label: m.w.chooseNew, url: m.url } },
        { note: fill(m.w.resetNote, p) },
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
          body: fill(m.w.resetSms, { account: m.to, until: m.until, url: m.url }),
        }
      : null;
  },
};
