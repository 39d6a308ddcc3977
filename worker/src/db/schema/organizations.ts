/** Organizations and what they are made of: settings, quotas, departments, workspaces; the audit log. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { OrgSettings } from '../../../../shared/api/orgs';
import { ms } from './common';

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  settings: text('settings', { mode: 'json' }).$type<OrgSettings>().notNull(),
  /**
   * Message quotas set by the server's operator (`npm run org -- quota`); null: the server's
   * defaults.
   */
  messagesPerHour: integer('messages_per_hour'),
  messagesPerDay: integer('messages_per_day'),
  createdAt: ms('created_at').notNull(),
});

export const departments = sqliteTable(
  'departments',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('departments_org_name_uq').on(t.orgId, t.name)],
);

export const workspaces = sqliteTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('workspaces_org_name_uq').on(t.orgId, t.name)],
);

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id'),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('audit_events_org_created_idx').on(t.orgId, t.createdAt, t.id)],
);
