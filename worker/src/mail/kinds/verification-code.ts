/**
 * The code that proves an invitation's address when it was handed out as a copied link
 * (domain/verification-codes.ts; `refId` = the code's id). Derived here, when the message is rendered; skipped when
 * the code was used, replaced or expired, or the invitation is no longer open.
 */
import { eq } from 'drizzle-orm';
import { invitations, organizations, verificationCodes } from '../../db/schema';
import { effectiveStatus } from '../../domain/invitations';
import { CODE_KINDS, codeFor } from '../../domain/verification-codes';
import { buildEmail, onBehalfOf, oneLine } from '../layout';
import type { MessageDefinition, RenderContext } from '../messages';

async function load(ctx: RenderContext, codeId: string) {
  const [row] = await ctx.db
    .select({ code: verificationCodes, inv: invitations, orgName: organizations.name })
    .from(verificationCodes)
    .innerJoin(invitations, eq(invitations.id, verificationCodes.invitationId))
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(verificationCodes.id, codeId))
    .limit(1);
  if (!row || row.code.usedAt !== null || row.code.expiresAt <= ctx.now || effectiveStatus(row.inv, ctx.now) !== 'pending') return null;
  return { ...row, org: oneLine(row.orgName, 80), digits: await codeFor(ctx.tokens, row.code) };
}

export const verificationCodeEmail: MessageDefinition = {
  kind: CODE_KINDS.email,
  async render(ctx, codeId) {
    const m = await load(ctx, codeId);
    if (!m) return null;
    return buildEmail({
      to: m.code.sentTo,
      subject: `Your code: ${m.digits}`,
      heading: 'Confirm that this address is yours',
      blocks: [
        { p: `Someone opened an invitation to join “${m.org}” for ${m.code.sentTo} and asked for a code to accept it. Enter this code on the invitation page:` },
        { facts: [['Code', m.digits]] },
        { note: `The code works once, for ten minutes. If you did not ask for it, ignore this message: nobody can join with your address without this code. ${onBehalfOf(m.org)}` },
      ],
    });
  },
};

export const verificationCodeSms: MessageDefinition = {
  kind: CODE_KINDS.sms,
  async render(ctx, codeId) {
    const m = await load(ctx, codeId);
    if (!m) return null;
    return { to: m.code.sentTo, body: `${m.digits} is your code to accept the invitation to “${m.org}”. It works for 10 minutes. Did not ask for it? Ignore this message.` };
  },
};
