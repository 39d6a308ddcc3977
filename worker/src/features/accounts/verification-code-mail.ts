/**
 * A code that proves an address (features/accounts/verification-codes.ts; `refId` = the code's id): to accept
 * an invitation, or to choose the password of an account invited by SMS that signs in with an
 * e-mail address. Derived here, when the message is rendered; skipped when the code was used,
 * replaced or expired.
 */
import { and, eq } from 'drizzle-orm';
import { invitations, organizations, verificationCodes } from '../../db/schema';
import { fill } from '../../i18n/text';
import { layoutText } from '../../mail/layout.text';
import { messageLocale } from '../../mail/locale';
import { withDefaults } from '../organizations/orgs';
import { codeMailText } from './verification-code-mail.text';
import { CODE_KINDS, codeFor } from './verification-codes';
import { buildEmail, onBehalfOf, oneLine } from '../../mail/layout';
import type { MessageDefinition, RenderContext } from '../../mail/messages';

async function load(ctx: RenderContext, codeId: string) {
  const [row] = await ctx.db
    .select({
      code: verificationCodes,
      orgName: organizations.name,
      settings: organizations.settings,
      invitationLocale: invitations.locale,
    })
    .from(verificationCodes)
    .leftJoin(organizations, eq(organizations.id, verificationCodes.orgId))
    .leftJoin(
      invitations,
      and(eq(verificationCodes.forKind, 'invitation'), eq(invitations.id, verificationCodes.forId)),
    )
    .where(eq(verificationCodes.id, codeId))
    .limit(1);
  if (!row || row.code.usedAt !== null || row.code.expiresAt <= ctx.now) return null;
  // The language of the page that asked for the code, else the invitation's, else the
  // organization's.
  const locale = messageLocale(
    ctx.locale,
    row.invitationLocale,
    row.settings ? withDefaults(row.settings).language : null,
  );
  const w = codeMailText.in(locale);
  const org = oneLine(row.orgName ?? layoutText.in(locale).anOrganization, 80);
  const forInvitation = row.code.forKind === 'invitation';
  const p = { org, address: row.code.sentTo, digits: await codeFor(ctx.tokens, row.code) };
  return {
    code: row.code,
    org,
    locale,
    w,
    p,
    intro: fill(forInvitation ? w.introInvitation : w.introPassword, p),
    sms: fill(forInvitation ? w.smsInvitation : w.smsPassword, p),
  };
}

export const verificationCodeEmail: MessageDefinition<typeof CODE_KINDS.email> = {
  kind: CODE_KINDS.email,
  async render(ctx, codeId) {
    const m = await load(ctx, codeId);
    if (!m) return null;
    return buildEmail({
      to: m.code.sentTo,
      locale: m.locale,
      subject: fill(m.w.subject, m.p),
      heading: m.w.heading,
      blocks: [
        { p: m.intro },
        { facts: [[m.w.code, m.p.digits]] },
        { note: `${m.w.note} ${onBehalfOf(m.org, m.locale)}` },
      ],
    });
  },
};

export const verificationCodeSms: MessageDefinition<typeof CODE_KINDS.sms> = {
  kind: CODE_KINDS.sms,
  async render(ctx, codeId) {
    const m = await load(ctx, codeId);
    if (!m) return null;
    return {
      to: m.code.sentTo,
      body: m.sms,
    };
  },
};
