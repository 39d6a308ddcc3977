/**
 * Fixed-window rate limits. Local mode keeps counters in memory; the Worker keeps them in the
 * database so every isolate sees the same count (one guarded upsert per counter, all of a request's
 * counters in one batch).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import { abortUnless } from '../db/guarded';
import { AppError } from '../errors';

export interface RateLimitRule {
  /** The counter's key, e.g. `cred:user:<id>:<client>`. */
  key: string;
  limit: number;
  windowMs: number;
}

export type HitResult =
  | { ok: true; count: number }
  | { ok: false; count: number; retryAfterSeconds: number };

export interface RateLimiter {
  /**
   * Counts one hit on every rule at once; answers, per rule, whether it is still within its limit.
   */
  hitAll(rules: RateLimitRule[], now: number): Promise<HitResult[]>;
  /** The hits counted under `key` in its current window (0 when none). */
  count(key: string, now: number): Promise<number>;
  /**
   * Takes one hit back from each key (an attempt that turned out not to count, such as a right
   * password).
   */
  undo(keys: string[], now: number): Promise<void>;
  reset(key: string): Promise<void>;
  /**
   * What a success changes, at once: takes one hit back from each of `undo`, forgets `reset`, and
   * counts one hit on `hit`. The database limiter answers these as statements for the caller to
   * commit with what the success writes (one round trip for all of it); the memory one applies them
   * now and answers none.
   */
  succeed(change: SuccessChange, now: number): BatchItem<'sqlite'>[];
  /**
   * `hitAll`, and reads `read` in the same round trip: the database limiter sends it in one batch
   * with its counters (what it reads is answered only when no counter is past its limit); the memory
   * one counts, then reads.
   */
  hitAllWith<Q extends BatchItem<'sqlite'>>(
    rules: RateLimitRule[],
    now: number,
    db: Db,
    read: Q,
  ): Promise<{ hits: HitResult[]; answer: Awaited<Q> }>;
  /**
   * The database limiter's counting statement for a rule whose key is SQL, to send in a batch with
   * other statements (`hitOf` reads its answer); null for the memory limiter, which needs the key
   * before it counts.
   */
  counting(rule: SqlKeyRule, now: number): BatchItem<'sqlite'> | null;
  /**
   * The database limiter's hit inside the batch it guards: the statements count one hit and fail
   * the whole batch (its own count with it) past the limit, and `refusal` says, after a batch failed,
   * whether this limit was why (the 429 to answer). Null for the memory limiter (count first).
   */
  guard(
    rule: RateLimitRule,
    now: number,
  ): { statements: BatchItem<'sqlite'>[]; refusal(): Promise<AppError | null> } | null;
}

/** What a `counting` statement answered, as `hitAll` would answer it. */
export const hitOf = (answer: unknown, rule: { limit: number }, now: number): HitResult =>
  hitsOf([answer], [rule], now)[0]!;

/** A rule whose key the database works out as it counts (it names a row another statement reads). */
export interface SqlKeyRule {
  key: SQL;
  limit: number;
  windowMs: number;
  /** Counts only when this holds (answered as a hit within the limit otherwise). */
  when?: SQL;
}

export interface SuccessChange {
  undo: string[];
  reset: string;
  hit: RateLimitRule;
}

const result = (count: number, limit: number, resetAt: number, now: number): HitResult =>
  count <= limit
    ? { ok: true, count }
    : { ok: false, count, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)) };

export function memoryRateLimiter(maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    return w && w.resetAt > now ? w : undefined;
  };
  return {
    async hitAll(rules, now) {
      return rules.map(({ key, limit, windowMs }) => {
        let w = current(key, now);
        if (!w) {
          if (windows.size >= maxKeys)
            for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
          w = { count: 0, resetAt: now + windowMs };
          windows.set(key, w);
        }
        w.count++;
        return result(w.count, limit, w.resetAt, now);
      });
    },
    async count(key, now) {
      return current(key, now)?.count ?? 0;
    },
    async undo(keys, now) {
      for (const key of keys) {
        const w = current(key, now);
        if (w && w.count > 0) w.count--;
      }
    },
    async reset(key) {
      windows.delete(key);
    },
    succeed(change, now) {
      void this.undo(change.undo, now);
      void this.reset(change.reset);
      void this.hitAll([change.hit], now);
      return [];
    },
    counting() {
      return null;
    },
    guard() {
      return null;
    },
    async hitAllWith(rules, now, db, read) {
      const hits = await this.hitAll(rules, now);
      return { hits, answer: (await db.batch([read]))[0] as Awaited<typeof read> };
    },
  };
}

const hitsOf = (answers: unknown[], rules: { limit: number }[], now: number): HitResult[] =>
  answers.map((r, i) => {
    const row = (r as { count: number; reset_at: number }[])[0];
    return row ? result(row.count, rules[i]!.limit, row.reset_at, now) : { ok: true, count: 0 };
  });

export function dbRateLimiter(db: Db): RateLimiter {
  const undo = (keys: string[], now: number) =>
    db.run(
      sql`UPDATE rate_limits SET count = count - 1 WHERE key IN (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )}) AND reset_at > ${now} AND count > 0`,
    );
  const reset = (key: string) => db.run(sql`DELETE FROM rate_limits WHERE key = ${key}`);
  const upsert = (
    { key, windowMs, when }: { key: string | SQL; windowMs: number; when?: SQL },
    now: number,
  ) =>
    db.all<{ count: number; reset_at: number }>(sql`
      INSERT INTO rate_limits (key, count, reset_at) SELECT ${key}, 1, ${now + windowMs} WHERE ${when ?? sql`1`}
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN reset_at <= ${now} THEN 1 ELSE count + 1 END,
        reset_at = CASE WHEN reset_at <= ${now} THEN ${now + windowMs} ELSE reset_at END
      RETURNING count, reset_at`);
  return {
    async hitAll(rules, now) {
      if (rules.length === 0) return [];
      const [first, ...rest] = rules.map((r) => upsert(r, now));
      return hitsOf(await db.batch([first!, ...rest]), rules, now);
    },
    counting(rule, now) {
      return upsert(rule, now);
    },
    guard(rule, now) {
      const over = sql`(SELECT count FROM rate_limits WHERE key = ${rule.key}) > ${rule.limit}`;
      return {
        statements: [upsert(rule, now), abortUnless(db, sql`NOT ${over}`, 'past its rate limit')],
        async refusal() {
          const [row] = await db.all<{ count: number; reset_at: number }>(
            sql`SELECT count, reset_at FROM rate_limits WHERE key = ${rule.key} AND reset_at > ${now}`,
          );
          // The failed batch took its own hit back: a count at the limit refuses the next one.
          return row && row.count >= rule.limit
            ? tooMany([result(row.count + 1, rule.limit, row.reset_at, now)])
            : null;
        },
      };
    },
    async hitAllWith(rules, now, _db, read) {
      const answers = await db.batch([read, ...rules.map((r) => upsert(r, now))]);
      const [answer, ...counted] = answers;
      return { hits: hitsOf(counted, rules, now), answer: answer as Awaited<typeof read> };
    },
    async count(key, now) {
      const [row] = await db.all<{ count: number }>(
        sql`SELECT count FROM rate_limits WHERE key = ${key} AND reset_at > ${now}`,
      );
      return row?.count ?? 0;
    },
    async undo(keys, now) {
      if (keys.length === 0) return;
      await undo(keys, now);
    },
    async reset(key) {
      await reset(key);
    },
    succeed(change, now) {
      return [
        ...(change.undo.length ? [undo(change.undo, now)] : []),
        reset(change.reset),
        upsert(change.hit, now),
      ];
    },
  };
}

/** The 429 for the longest wait among these answers, or null when all are within their limits. */
export function tooMany(results: HitResult[]): AppError | null {
  const wait = Math.max(0, ...results.map((r) => (r.ok ? 0 : r.retryAfterSeconds)));
  return wait > 0
    ? new AppError(
        'rate_limited',
        `Too many attempts; try again in ${wait} seconds`,
        undefined,
        wait,
      )
    : null;
}

/**
 * Counts a hit on every rule and reads `read` in the same round trip (`hitAllWith`); refuses with
 * 429 + Retry-After when any is over its limit, else answers what `read` read.
 */
export async function readWithinLimits<Q extends BatchItem<'sqlite'>>(
  limiter: RateLimiter,
  rules: RateLimitRule[],
  now: number,
  db: Db,
  read: Q,
): Promise<Awaited<Q>> {
  const { hits, answer } = await limiter.hitAllWith(rules, now, db, read);
  const refused = tooMany(hits);
  if (refused) throw refused;
  return answer;
}

/** Counts a hit on every rule and refuses with 429 + Retry-After when any is over its limit. */
export async function enforceRateLimits(
  limiter: RateLimiter,
  rules: RateLimitRule[],
  now: number,
): Promise<void> {
  const refused = tooMany(await limiter.hitAll(rules, now));
  if (refused) throw refused;
}
