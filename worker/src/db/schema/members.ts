/** Who belongs to an organization and its workspaces, with the organization's own data about them. */
import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DELIVERY_STATUSES } from '../../../../shared/api/delivery';
import { ROLE, locale, ms } from './common';
import { users } from './accounts';
import { departments, organizations, workspaces } from './organizations';

/** Phone-only people are unique per organization by phone: see the triggers named above
 * `users` (schema/accounts.ts). */
export const memberships = sqliteTable(
  'memberships',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLE }).notNull(),
    /** pending: added or invited, not yet registered; active: may use the organization. */
    status: text('status', { enum: ['pending', 'active'] }).notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    gender: text('gender'),
    birthday: text('birthday'),
    /**
     * The phone this organization has for the person (E.164): its own profile data, shown to it
     * alone.
     */
    phone: text('phone'),
    position: text('position'),
    departmentId: text('department_id').references(() => departments.id, { onDelete: 'set null' }),
    invitationState: text('invitation_state', {
      enum: ['not_invited', 'queued', 'invited', 'error'],
    })
      .notNull()
      .default('not_invited'),
    invitationError: text('invitation_error'),
    /**
     * What the provider reported of the latest invitation message to the person
     * (features/delivery); cleared when a new one is sent.
     */
    deliveryStatus: text('delivery_status', { enum: DELIVERY_STATUSES }),
    deliveryAt: ms('delivery_at'),
    deliveryReason: text('delivery_reason'),
    /**
     * The language of the organization's invitations to the person (bulk send, import); null: the
     * organization's.
     */
    locale: locale(),
    /** How the person came in, and through what, so a leaked link's joiners can be found. */
    source: text('source', {
      enum: ['created', 'added', 'link', 'invitation', 'import'],
    }).notNull(),
    linkId: text('link_id'),
    /** Lower-cased "first last email phone" for search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: ms('created_at').notNull(),
    activatedAt: ms('activated_at'),
    /**
     * The person's last request to this organization (at most a minute old); what the members list
     * shows.
     */
    lastActiveAt: ms('last_active_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    index('memberships_org_created_idx').on(t.orgId, t.createdAt, t.userId),
    index('memberships_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.userId),
    index('memberships_org_invstate_created_idx').on(
      t.orgId,
      t.invitationState,
      t.createdAt,
      t.userId,
    ),
    index('memberships_link_idx').on(t.linkId),
  ],
);

export const workspaceMembers = sqliteTable(
  'workspace_members',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id').notNull(),
    role: text('role', { enum: ['member', 'manager'] }).notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index('workspace_members_org_user_idx').on(t.orgId, t.userId, t.role),
  ],
);
