/**
 * Fixed-window rate limits. Local mode keeps counters in memory; the Worker keeps them in the database so
 * every isolate sees the same count (a single guarded upsert per hit).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from '../errors';

export interface RateLimitRule {
  /** The counter's key, e.g. `login:email:alice@example.com`. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one hit; answers how long to wait when the limit is passed. */
  hit(rule: RateLimitRule, now: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  reset(key: string): Promise<void>;
}

export function memoryRateLimiter(maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit({ key, limit, windowMs }, now) {
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        if (windows.size >= maxKeys) for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
        w = { count: 0, resetAt: now + windowMs };
        windows.set(key, w);
      }
      w.count++;
      return w.count <= limit ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

export function dbRateLimiter(db: Db): RateLimiter {
  return {
    async hit({ key, limit, windowMs }, now) {
      const rows = await db.all<{ count: number; reset_at: number }>(sql`
        INSERT INTO rate_limits (key, count, reset_at) VALUES (${key}, 1, ${now + windowMs})
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN reset_at <= ${now} THEN 1 ELSE count + 1 END,
          reset_at = CASE WHEN reset_at <= ${now} THEN ${now + windowMs} ELSE reset_at END
        RETURNING count, reset_at`);
      const row = rows[0];
      if (!row || row.count <= limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((row.reset_at - now) / 1000)) };
    },
    async reset(key) {
      await db.run(sql`DELETE FROM rate_limits WHERE key = ${key}`);
    },
  };
}

/** Counts a hit on every rule and refuses with 429 + Retry-After when any is over its limit. */
export async function enforceRateLimits(limiter: RateLimiter, rules: RateLimitRule[], now: number): Promise<void> {
  let wait = 0;
  for (const rule of rules) {
    const r = await limiter.hit(rule, now);
    if (!r.ok) wait = Math.max(wait, r.retryAfterSeconds);
  }
  if (wait > 0) throw new AppError('rate_limited', `Too many attempts; try again in ${wait} seconds`, undefined, wait);
}
