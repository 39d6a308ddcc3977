/**
 * A code that proves an address (features/accounts/verification-codes.ts; `refId` = the code's id): to accept
 * an invitation, or to choose the password of an account invited by SMS that signs in with an
 * e-mail address. Derived here, when the message is rendered; skipped when the code was used,
 * replaced or expired.
 */
import { eq } from 'drizzle-orm';
import { organizations, verificationCodes } from '../../db/schema';
import { CODE_KINDS, codeFor } from './verification-codes';
import { buildEmail, onBehalfOf, oneLine } from '../../mail/layout';
import type { MessageDefinition, RenderContext } from '../../mail/messages';

async function load(ctx: RenderContext, codeId: string) {
  const [row] = await ctx.db
    .select({ code: verificationCodes, orgName: organizations.name })
    .from(verificationCodes)
    .leftJoin(organizations, eq(organizations.id, verificationCodes.orgId))
    .where(eq(verificationCodes.id, codeId))
    .limit(1);
  if (!row || row.code.usedAt !== null || row.code.expiresAt <= ctx.now) return null;
  const org = oneLine(row.orgName ?? 'an organization', 80);
  const what =
    row.code.forKind === 'invitation'
      ? `accept the invitation to join “${org}”`
      : `choose your password and join “${org}”`;
  return { code: row.code, org, what, digits: await codeFor(ctx.tokens, row.code) };
}

export const verificationCodeEmail: MessageDefinition<typeof CODE_KINDS.email> = {
  kind: CODE_KINDS.email,
  async render(ctx, codeId) {
    const m = await load(ctx, codeId);
    if (!m) return null;
    return buildEmail({
      to: m.code.sentTo,
      subject: `Your code: ${m.digits}`,
      heading: 'Confirm that this address is yours',
      blocks: [
        {
          p: `Someone asked for a code to ${m.what} as ${m.code.sentTo}. Enter this code on the page:`,
        },
        { facts: [['Code', m.digits]] },
        {
          note: `The code works once, for ten minutes. If you did not ask for it, ignore this message: nobody can use your address without this code. ${onBehalfOf(m.org)}`,
        },
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
      body: `${m.digits} is your code to ${m.what}. It works for 10 minutes. Did not ask for it? Ignore this message.`,
    };
  },
};
