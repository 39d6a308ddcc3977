/** Organizations and what they are made of: settings, quotas, departments, workspaces; the audit log. */
import {
  customType,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import type { LogoType, OrgSettings } from '../../../../shared/api/orgs';
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
  /**
   * The uploaded logo's version (its SHA-256, `org_logos.etag`), so pages and messages name its
   * address without reading the image; null: no uploaded logo. Written with `org_logos`.
   */
  logoEtag: text('logo_etag'),
  createdAt: ms('created_at').notNull(),
});

/** A blob as a Uint8Array, in Workers (no Node `Buffer`) and on Node alike. */
const bytes = customType<{ data: Uint8Array; driverData: ArrayBuffer | Uint8Array }>({
  dataType: () => 'blob',
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value)),
  toDriver: (value) => value,
});

/**
 * An organization's uploaded logo (features/organizations/logo.ts): at most one, its bytes apart
 * from the organizations row that every request reads.
 */
export const orgLogos = sqliteTable('org_logos', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  /** Told by the image's first bytes, never by the upload's declared type. */
  contentType: text('content_type').$type<LogoType>().notNull(),
  /** The base64url SHA-256 of the bytes: the version in the logo's address. */
  etag: text('etag').notNull(),
  bytes: bytes('bytes').notNull(),
  updatedAt: ms('updated_at').notNull(),
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
