/**
 * Invitations that never die silently (features/renewals/): the reminder an invitee gets before a
 * personal invitation runs out, and the renewals that land with an inviter — a notice that their
 * invitation expired unaccepted, or someone asking for a new invitation from an expired
 * invitation's or a spent link's page.
 */
import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROLE, locale, ms } from './common';
import { users } from './accounts';
import { invitations } from './invitations';
import { inviteLinks } from './links';
import { departments, organizations } from './organizations';

/** One row per reminded invitation: its primary key makes "at most one reminder" a constraint. */
export const invitationReminders = sqliteTable(
  'invitation_reminders',
  {
    invitationId: text('invitation_id')
      .primaryKey()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    /** The maintenance run that wrote it: its outbox rows are queued for exactly these. */
    run: text('run').notNull(),
    sentAt: ms('sent_at').notNull(),
  },
  (t) => [index('invitation_reminders_run_idx').on(t.run)],
);

export const RENEWAL_KINDS = ['expired', 'asked'] as const;
export const RENEWAL_STATUSES = ['pending', 'invited', 'dismissed'] as const;

/**
 * Something for an inviter to renew: `expired` (their personal invitation expired unaccepted,
 * written by maintenance, once per invitation) or `asked` (the invitee asked for a new invitation on
 * the expired invitation's page or the spent link's page). It lands with `ownerId`, the creator of
 * the invitation or link, and with the organization's owners and admins.
 */
export const renewals = sqliteTable(
  'renewals',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: RENEWAL_KINDS }).notNull(),
    invitationId: text('invitation_id').references(() => invitations.id, { onDelete: 'set null' }),
    linkId: text('link_id').references(() => inviteLinks.id, { onDelete: 'set null' }),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    /** The name the person gave (asked), or the invitation's profile name (expired); may be empty. */
    name: text('name').notNull().default(''),
    email: text('email'),
    phone: text('phone'),
    /** What a new invitation would grant: the old invitation's or link's role and department. */
    role: text('role', { enum: ROLE }).notNull(),
    departmentId: text('department_id').references(() => departments.id, { onDelete: 'set null' }),
    /**
     * The person's language: the page they asked from, or the expired invitation's own; a new
     * invitation or link sent for it speaks it (null: the organization's).
     */
    locale: locale(),
    status: text('status', { enum: RENEWAL_STATUSES }).notNull(),
    /** The maintenance run that wrote an expiry notice: its mail is queued for exactly these. */
    run: text('run'),
    decidedBy: text('decided_by'),
    decidedAt: ms('decided_at'),
    /** The invitation sent when it was renewed. */
    newInvitationId: text('new_invitation_id'),
    /** The general link e-mailed to the person when it was renewed with a fresh link. */
    newLinkId: text('new_link_id'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('renewals_run_idx').on(t.run),
    index('renewals_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('renewals_org_owner_status_created_idx').on(
      t.orgId,
      t.ownerId,
      t.status,
      t.createdAt,
      t.id,
    ),
    /** An invitation's expiry is noticed once. */
    uniqueIndex('renewals_expired_invitation_uq').on(t.invitationId).where(sql`kind = 'expired'`),
    /** One open request per address and organization: asking again changes nothing. */
    uniqueIndex('renewals_asked_pending_uq')
      .on(t.orgId, t.email)
      .where(sql`kind = 'asked' AND status = 'pending'`),
  ],
);
