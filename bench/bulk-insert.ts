/**
 * Fast bulk loading of one table of a libSQL file for bench/seed.ts: multi-row INSERTs in large
 * transactions, with the table's secondary indexes made again afterwards.
 */
import type Database from 'libsql';

/**
 * Inserts `count` rows made by `row(i)` with multi-row INSERTs of `perStatement` rows, `perTx` rows
 * per transaction. The table's secondary indexes are dropped first and made again from their own
 * SQL afterwards (building an index from sorted keys is much faster than growing it one random key
 * at a time); the database ends with exactly the schema the migrations made. Triggers, and the
 * indexes they look things up by, stay in place.
 */
export function bulkInsert(
  db: Database.Database,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => unknown[],
  perStatement = 200,
  perTx = 50_000,
) {
  const placeholders = (n: number) =>
    Array.from({ length: n }, () => `(${columns.map(() => '?').join(',')})`).join(',');
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    )
    .all(table) as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  const full = db.prepare(
    `INSERT INTO ${table} (${columns.join(',')}) VALUES ${placeholders(perStatement)}`,
  );
  for (let start = 0; start < count; start += perTx) {
    const end = Math.min(count, start + perTx);
    db.exec('BEGIN');
    for (let i = start; i < end; i += perStatement) {
      const n = Math.min(perStatement, end - i);
      const values: unknown[] = [];
      for (let j = 0; j < n; j++) values.push(...row(i + j));
      (n === perStatement
        ? full
        : db.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${placeholders(n)}`)
      ).run(...values);
    }
    db.exec('COMMIT');
  }
  for (const { sql } of indexes) db.exec(sql);
}
