/**
 * The two messages of renewals, rendered when delivered (nothing but ids in the outbox):
 * `invitation_reminder` to the invitee of a personal invitation that is about to expire (refId: the
 * invitation; skipped once it is accepted, canceled or expired), and `invitation_expired_notice` to
 * the inviter whose invitation expired unaccepted (refId: the renewal; skipped once it was renewed or
 * dismissed); and `renewal_link`, a fresh general link e-mailed to whoever asked (refId: the renewal;
 * skipped once the link no longer works). The reminder and the link speak the person's language (the
 * invitation's or the renewal's `locale`), the notice the inviter's (their membership's `locale`),
 * else the organization's `settings.language`; dates in the organization's time zone.
 */
import { and, eq } from 'drizzle-orm';
import type { Locale } from '../../../../shared/i18n';
import type { Role } from '../../../../shared/api/common';
import {
  invitations,
  inviteLinks,
  memberships,
  organizations,
  renewals,
  users,
} from '../../db/schema';
import { memberNameSql } from '../../db/member-names';
import { formatDateTime } from '../../i18n/dates';
import { fill } from '../../i18n/text';
import { buildEmail, oneLine } from '../../mail/layout';
import { messageLocale } from '../../mail/locale';
import type { MessageDefinition } from '../../mail/messages';
import { effectiveStatus, invitationUrl } from '../invitations/invitations';
import { linkStatus, linkUrl } from '../links/links';
import { brandColumns, brandOf } from '../organizations/branding';
import { withDefaults } from '../organizations/orgs';
import { renewalText } from './renewals.text';

type Words = ReturnType<typeof renewalText.in>;

const roleWord = (w: Words, role: Role) =>
  role === 'owner' ? w.roleOwner : role === 'admin' ? w.roleAdmin : w.roleMember;

export const invitationReminder: MessageDefinition<'invitation_reminder'> = {
  kind: 'invitation_reminder',
  async render(ctx, invitationId) {
    const [row] = await ctx.db
      .select({
        inv: invitations,
        orgName: organizations.name,
        settings: organizations.settings,
        inviterName: memberNameSql(invitations.orgId, invitations.createdBy),
        brandOf: brandColumns,
      })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.orgId))
      .where(eq(invitations.id, invitationId))
      .limit(1);
    if (!row?.inv.email || effectiveStatus(row.inv, ctx.now) !== 'pending') return null;
    const settings = withDefaults(row.settings);
    const locale: Locale = messageLocale(row.inv.locale, settings.language);
    const w = renewalText.in(locale);
    const org = oneLine(row.orgName, 80);
    const until = formatDateTime(row.inv.expiresAt, locale, settings.timeZone);
    const url = await invitationUrl(ctx.tokens, ctx.publicUrl, row.inv);
    return buildEmail({
      to: row.inv.email,
      locale,
      brand: brandOf(ctx.publicUrl, row.brandOf),
      subject: fill(w.reminderSubject, { org }),
      heading: fill(w.reminderHeading, { org }),
      blocks: [
        {
          p: fill(w.reminderBody, {
            inviter: oneLine(row.inviterName ?? w.someone, 60),
            org,
            role: roleWord(w, row.inv.role),
            until,
          }),
        },
        {
          facts: [
            [w.factOrganization, org],
            [w.factValidUntil, until],
          ],
        },
        { button: { label: w.reminderButton, url } },
        { note: `${w.reminderNote} ${fill(w.onBehalf, { org })}` },
      ],
    });
  },
};

export const invitationExpiredNotice: MessageDefinition<'invitation_expired_notice'> = {
  kind: 'invitation_expired_notice',
  async render(ctx, renewalId) {
    const [row] = await ctx.db
      .select({
        renewal: renewals,
        orgName: organizations.name,
        settings: organizations.settings,
        ownerEmail: users.email,
        ownerLocale: memberships.locale,
        expiresAt: invitations.expiresAt,
        brandOf: brandColumns,
      })
      .from(renewals)
      .innerJoin(organizations, eq(organizations.id, renewals.orgId))
      .innerJoin(users, eq(users.id, renewals.ownerId))
      .leftJoin(
        memberships,
        and(eq(memberships.orgId, renewals.orgId), eq(memberships.userId, renewals.ownerId)),
      )
      .leftJoin(invitations, eq(invitations.id, renewals.invitationId))
      .where(eq(renewals.id, renewalId))
      .limit(1);
    if (!row?.ownerEmail || row.renewal.status !== 'pending') return null;
    const settings = withDefaults(row.settings);
    // The inviter's language where the organization knows it, else the organization's.
    const locale: Locale = messageLocale(row.ownerLocale, settings.language);
    const w = renewalText.in(locale);
    const org = oneLine(row.orgName, 80);
    const address = row.renewal.email ?? row.renewal.phone ?? '';
    const when = formatDateTime(row.expiresAt ?? row.renewal.createdAt, locale, settings.timeZone);
    return buildEmail({
      to: row.ownerEmail,
      locale,
      brand: brandOf(ctx.publicUrl, row.brandOf),
      subject: fill(w.expiredSubject, { address }),
      heading: fill(w.expiredHeading, { address }),
      blocks: [
        { p: fill(w.expiredBody, { address, org, when }) },
        { p: w.expiredNext },
        { note: fill(w.onBehalf, { org }) },
      ],
    });
  },
};

export const renewalLinkMail: MessageDefinition<'renewal_link'> = {
  kind: 'renewal_link',
  async render(ctx, renewalId) {
    const [row] = await ctx.db
      .select({
        renewal: renewals,
        orgName: organizations.name,
        settings: organizations.settings,
        link: inviteLinks,
        senderName: memberNameSql(renewals.orgId, renewals.decidedBy),
      })
      .from(renewals)
      .innerJoin(organizations, eq(organizations.id, renewals.orgId))
      .innerJoin(inviteLinks, eq(inviteLinks.id, renewals.newLinkId))
      .where(eq(renewals.id, renewalId))
      .limit(1);
    // Skipped once the link no longer works (revoked, used, expired meanwhile).
    if (!row?.renewal.email || linkStatus(row.link, ctx.now) !== 'active') return null;
    const settings = withDefaults(row.settings);
    const locale: Locale = messageLocale(row.renewal.locale, ctx.locale, settings.language);
    const w = renewalText.in(locale);
    const org = oneLine(row.orgName, 80);
    const until = formatDateTime(row.link.expiresAt ?? ctx.now, locale, settings.timeZone);
    const url = await linkUrl(ctx.tokens, ctx.publicUrl, row.link);
    return buildEmail({
      to: row.renewal.email,
      locale,
      subject: fill(w.linkSubject, { org }),
      heading: fill(w.linkHeading, { org }),
      blocks: [
        {
          p: fill(w.linkBody, { inviter: oneLine(row.senderName ?? w.someone, 60), org, until }),
        },
        ...(row.link.requiresApproval ? [{ p: w.linkApproval }] : []),
        { button: { label: fill(w.linkButton, { org }), url } },
        { note: fill(w.onBehalf, { org }) },
      ],
    });
  },
};
