/**
 * Writes that happen only when a condition holds at the moment they run: `INSERT … SELECT … WHERE
 * <condition>`. A batch runs its statements in order inside one transaction, so a later statement
 * can test what an earlier one of the same batch did ("the application row this attempt inserted
 * exists", "the token carries the nonce this attempt wrote"), and every effect of a decision
 * commits with the decision or not at all. Effects keyed by the decision (ids derived from it, `ON
 * CONFLICT DO NOTHING`) happen at most once however often they are attempted.
 */
import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';

/** A value for one column: a plain value, or SQL (a subquery) evaluated when the statement runs. */
export type GuardedValues<T extends SQLiteTable> = {
  [K in keyof T['$inferInsert']]?: T['$inferInsert'][K] | SQL;
};

/**
 * `INSERT INTO table (…) SELECT … WHERE condition`, by default `ON CONFLICT DO NOTHING`; with
 * `onConflict: 'fail'` a unique violation fails the whole batch (for conflicts that are answers,
 * like `already_applied`).
 */
export function insertWhere<T extends SQLiteTable>(
  db: Db,
  table: T,
  values: GuardedValues<T>,
  condition: SQL,
  onConflict: 'nothing' | 'fail' = 'nothing',
) {
  const columns = getTableColumns(table) as Record<
    string,
    { name: string; mapToDriverValue(v: unknown): unknown }
  >;
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  const names = sql.join(
    entries.map(([key]) => {
      const column = columns[key];
      if (!column) throw new Error(`insertWhere: unknown column ${key}`);
      return sql.identifier(column.name);
    }),
    sql`, `,
  );
  const params = sql.join(
    entries.map(([key, v]) =>
      v === null ? sql`NULL` : is(v, SQL) ? sql`(${v})` : sql`${columns[key]!.mapToDriverValue(v)}`,
    ),
    sql`, `,
  );
  const conflict = onConflict === 'nothing' ? sql` ON CONFLICT DO NOTHING` : sql``;
  return db.run(
    sql`INSERT INTO ${table} (${names}) SELECT ${params} WHERE ${condition}${conflict}`,
  );
}

/** `EXISTS (SELECT 1 FROM table WHERE …)` for guards written inline. */
export const existsWhere = (table: SQLiteTable, where: SQL) =>
  sql`EXISTS (SELECT 1 FROM ${table} WHERE ${where})`;

/**
 * A batch statement that fails, rolling back the whole batch, unless `condition` holds when it runs
 * (after the statements before it). A batch runs in order on one connection, and SQLite raises on
 * malformed JSON: `reason` is what the failure carries.
 */
export function abortUnless(db: Db, condition: SQL, reason: string) {
  return db.run(sql`SELECT json(CASE WHEN ${condition} THEN '1' ELSE ${reason} END)`);
}

/**
 * Fails the batch unless the statement right before it changed a row. Put it right after the
 * guarded write that decides a race (`… WHERE status = 'pending'`): the loser's batch then changes
 * nothing.
 */
export const unlessChanged = (db: Db) =>
  abortUnless(db, sql`changes() > 0`, 'the guarded write changed nothing');

/** Whether a batch failed because an `abortUnless` guard stopped it. */
export function isGuardFailure(err: unknown): boolean {
  const text =
    err instanceof Error
      ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`
      : String(err);
  return /malformed JSON/i.test(text);
}
