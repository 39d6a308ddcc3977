/**
 * A personal invitation, by e-mail or SMS: who invites, to which organization and role, and the
 * link to accept it. Rendered when delivered: an invitation canceled, accepted or expired meanwhile
 * is skipped, and the link carries the current token (a resend's new nonce), never one stored
 * anywhere.
 */
import { eq, inArray } from 'drizzle-orm';
import { invitations, organizations } from '../../db/schema';
import { effectiveStatus, invitationUrl } from './invitations';

import { buildEmail, onBehalfOf, oneLine } from '../../mail/layout';
import { roleLabel } from '../../mail/labels';
import { messageDate, messageLocale } from '../../mail/locale';
import { fill } from '../../i18n/text';
import { layoutText } from '../../mail/layout.text';
import { invitationMailText } from './mail.text';
import type { MessageDefinition, MessageKind, RenderContext, Rendered } from '../../mail/messages';
import { memberNameSql } from '../../db/member-names';
import { withDefaults } from '../organizations/orgs';
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
      settings: organizations.settings,
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
      // The invitation's language (a resend keeps it), else the organization's.
      const settings = withDefaults(row.settings);
      const locale = messageLocale(row.inv.locale, ctx.locale, settings.language);
      return {
        ...row,
        locale,
        words: invitationMailText.in(locale),
        inviter: oneLine(row.inviterName ?? layoutText.in(locale).someone, 60),
        org: oneLine(row.orgName, 80),
        role: roleLabel(locale, row.inv.role),
        until: messageDate(row.inv.expiresAt, locale, settings),
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
  const w = m.words;
  const p = { org: m.org, inviter: m.inviter, role: m.role, until: m.until, url: m.url };
  return buildEmail({
    to: m.inv.email,
    locale: m.locale,
    subject: fill(w.subject, p),
    heading: fill(w.heading, p),
    brand: m.brand,
    blocks: [
      { p: fill(w.intro, p) },
      {
        facts: [
          [w.organization, m.org],
          [w.role, m.role],
          [w.invitationFor, m.inv.email],
          [w.validUntil, m.until],
        ],
      },
      { button: { label: w.accept, url: m.url } },
      { note: `${w.note} ${onBehalfOf(m.org, m.locale)}` },
    ],
  });
});

export const invitationSms = kind('invitation_sms', (m) => {
  if (!m?.inv.phone) return null;
  return {
    to: m.inv.phone,
    body: fill(m.words.sms, { org: m.org, inviter: m.inviter, until: m.until, url: m.url }),
  };
});
