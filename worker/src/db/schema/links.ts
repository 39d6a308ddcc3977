/** General invitation links. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms, bool } from './common';
import { users } from './accounts';
import { departments, organizations } from './organizations';

export const inviteLinks = sqliteTable(
  'invite_links',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    /**
     * The link's token is derived from TOKEN_SECRET, the id and this nonce; a new nonce kills the
     * old URL.
     */
    tokenNonce: text('token_nonce').notNull(),
    departmentId: text('department_id').references(() => departments.id, { onDelete: 'set null' }),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    requiresApproval: bool('requires_approval').notNull(),
    maxUses: integer('max_uses'),
    useCount: integer('use_count').notNull().default(0),
    expiresAt: ms('expires_at'),
    revokedAt: ms('revoked_at'),
    revokedBy: text('revoked_by'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('invite_links_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('invite_links_org_creator_created_idx').on(t.orgId, t.createdBy, t.createdAt, t.id),
  ],
);
