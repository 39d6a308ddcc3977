/** Applications through a general link. */
import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { locale, ms } from './common';
import { users } from './accounts';
import { inviteLinks } from './links';
import { organizations } from './organizations';

export const applications = sqliteTable(
  'applications',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    linkId: text('link_id')
      .notNull()
      .references(() => inviteLinks.id),
    inviterId: text('inviter_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    reviewerId: text('reviewer_id').references(() => users.id),
    reviewedAt: ms('reviewed_at'),
    reason: text('reason'),
    /** The account the approval created or found. */
    userId: text('user_id'),
    /** The language the applicant read the join page in: the welcome speaks it. */
    locale: locale(),
    searchText: text('search_text').notNull().default(''),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('applications_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('applications_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('applications_org_inviter_created_idx').on(t.orgId, t.inviterId, t.createdAt, t.id),
    index('applications_link_created_idx').on(t.linkId, t.createdAt),
    /** One pending application per address and organization decides `already_applied`. */
    uniqueIndex('applications_pending_email_uq')
      .on(t.orgId, t.email)
      .where(sql`status = 'pending'`),
  ],
);
