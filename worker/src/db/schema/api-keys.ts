/** API keys: an organization's credentials for server-to-server calls (features/api-keys/). */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './common';
import { users } from './accounts';
import { organizations } from './organizations';

/**
 * The key is `inv_key_<id>.<secret>` (256 random bits of secret); only SHA-256(secret) is stored.
 * A key acts in one organization, in its role, for as long as its creator is still an active owner
 * or admin there (docs/SECURITY.md, "API keys"). Revoked keys are kept, so the audit log still names
 * them.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    secretHash: text('secret_hash').notNull(),
    /** The secret's last four characters, so people can tell keys apart. */
    lastFour: text('last_four').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
    /** Null: never expires. */
    expiresAt: ms('expires_at'),
    lastUsedAt: ms('last_used_at'),
    revokedAt: ms('revoked_at'),
  },
  (t) => [index('api_keys_org_created_idx').on(t.orgId, t.createdAt, t.id)],
);
