/**
 * A personal invitation, by e-mail or SMS: who invites, to which organization and role, and the
 * link to accept it. Rendered when delivered: an invitation canceled, accepted or expired meanwhile
 * is skipped, and the link carries the current token (a resend's new nonce), never one stored
 * anywhere.
 */
import { formatTime } from '../../lib/time';
import { eq, inArray } from 'drizzle-orm';
import { invitations, organizations } from '../../db/schema';
import { effectiveStatus, invitationUrl } from './invitations';

import { buildEmail, onBehalfOf, oneLine } from '../../mail/layout';
import { ROLE_LABELS } from '../../mail/labels';
import type { MessageDefinition, MessageKind, RenderContext, Rendered } from '../../mail/messages';
import { memberNameSql } from '../../db/member-names';
import { brandColumns, brandOf } from '../organizations/branding';

/**
 * What each of these invitations' messages needs, in one query (the drainer renders a whole batch
 * at once).
 */
async function loadMany(ctx: RenderContext, ids: string[]) {
  const rows = await ctx.db
    .select({
      inv: invitations,
      orgName: organizations.name,
      inviterName: memberNameSql(invitations.orgId, invitations.createdBy),
      brandOf: brandColumns,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(inArray(invitations.id, ids));
  const byId = new Map(rows.map((r) => [r.inv.id, r]));
  return Promise.all(
    ids.map(async (id) => {
      const row = byId.get(id);
      if (!row || effectiveStatus(row.inv, ctx.now) !== 'pending') return null;
      const url = await invitationUrl(ctx.tokens, ctx.publicUrl, row.inv);
      return {
        ...row,
        inviter: oneLine(row.inviterName ?? 'Someone', 60),
        org: oneLine(row.orgName, 80),
        url,
        brand: brandOf(ctx.publicUrl, row.brandOf),
      };
    }),
  );
}

type Loaded = Awaited<ReturnType<typeof loadMany>>[number];

/** A kind whose `render` is `renderMany` of one. */
function kind<K extends MessageKind>(
  name: K,
  build: (m: Loaded) => Rendered | null,
): MessageDefinition<K> {
  const renderMany = async (ctx: RenderContext, ids: string[]) =>
    (await loadMany(ctx, ids)).map(build);
  return { kind: name, render: async (ctx, id) => (await renderMany(ctx, [id]))[0]!, renderMany };
}

export const invitationEmail = kind('invitation_email', (m) => {
  if (!m?.inv.email) return null;
  return buildEmail({
    to: m.inv.email,
    subject: `Invitation to join “${m.org}”`,
    heading: `Join “${m.org}”`,
    brand: m.brand,
    blocks: [
      { p: `${m.inviter} invited you to join “${m.org}” as ${ROLE_LABELS[m.inv.role]}.` },
      {
        facts: [
          ['Organization', m.org],
          ['Role', ROLE_LABELS[m.inv.role]],
          ['Invitation for', m.inv.email],
          ['Valid until', formatTime(m.inv.expiresAt)],
        ],
      },
      { button: { label: 'Accept the invitation', url: m.url } },
      {
        note: `The link is for you alone. If you did not expect this invitation, ignore this message: nothing happens until you accept. ${onBehalfOf(m.org)}`,
      },
    ],
  });
});

export const invitationSms = kind('invitation_sms', (m) => {
  if (!m?.inv.phone) return null;
  return {
    to: m.inv.phone,
    body: `Invitation to join “${m.org}” from ${m.inviter}. Accept by ${formatTime(m.inv.expiresAt)}: ${m.url}`,
  };
});
