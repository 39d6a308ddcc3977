/** Personal invitations and the workspaces they grant. */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { ROLE, locale, ms } from './common';
import { users } from './accounts';
import { departments, organizations, workspaces } from './organizations';

export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email'),
    phone: text('phone'),
    channel: text('channel', { enum: ['email', 'sms', 'link'] }).notNull(),
    role: text('role', { enum: ROLE }).notNull(),
    departmentId: text('department_id').references(() => departments.id, { onDelete: 'set null' }),
    /** For invitations sent to a member added beforehand (bulk "send invitation", import). */
    userId: text('user_id'),
    profile: text('profile', { mode: 'json' }).$type<Record<string, string>>(),
    status: text('status', { enum: ['pending', 'accepted', 'canceled', 'expired'] }).notNull(),
    tokenNonce: text('token_nonce').notNull(),
    expiresAt: ms('expires_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    resendCount: integer('resend_count').notNull().default(0),
    /** The language of its messages (a resend keeps it); null: the organization's. */
    locale: locale(),
    acceptedAt: ms('accepted_at'),
    acceptedBy: text('accepted_by'),
    canceledAt: ms('canceled_at'),
    canceledBy: text('canceled_by'),
    searchText: text('search_text').notNull().default(''),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('invitations_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('invitations_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('invitations_org_creator_status_created_idx').on(
      t.orgId,
      t.createdBy,
      t.status,
      t.createdAt,
      t.id,
    ),
    index('invitations_status_expires_idx').on(t.status, t.expiresAt),
    index('invitations_user_idx').on(t.orgId, t.userId),
    /** One pending invitation per address and organization decides `already_invited`. */
    uniqueIndex('invitations_pending_email_uq')
      .on(t.orgId, t.email)
      .where(sql`status = 'pending' AND email IS NOT NULL`),
    uniqueIndex('invitations_pending_phone_uq')
      .on(t.orgId, t.phone)
      .where(sql`status = 'pending' AND email IS NULL AND phone IS NOT NULL`),
  ],
);

export const invitationWorkspaces = sqliteTable(
  'invitation_workspaces',
  {
    invitationId: text('invitation_id')
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['member', 'manager'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.invitationId, t.workspaceId] }),
    index('invitation_workspaces_workspace_idx').on(t.workspaceId, t.role),
  ],
);
