/** Counters of worker/src/lib/rate-limit.ts. */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './common';

/** Fixed-window counters for rate limits that must hold across Worker isolates. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: ms('reset_at').notNull(),
});
