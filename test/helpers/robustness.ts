/**
 * Helpers for the robustness suite (test/robustness/): the app's own list of routes, a fingerprint
 * of the whole database to prove that a refused request changed nothing, and the contract's error
 * shape.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '../../shared/errors';
import type { Db } from '../../worker/src/db/client';
import type { Harness, Reply } from './harness';

export interface RouteKey {
  method: string;
  path: string;
}

/**
 * Every endpoint the app registered (`app.routes`), without middleware entries (`ALL`), each once.
 */
export function endpoints(app: Harness['app']): RouteKey[] {
  const seen = new Map<string, RouteKey>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

export const routeKey = (r: RouteKey) => `${r.method} ${r.path}`;

/** The `:name` parameters of a route path, in order. */
export const paramsOf = (path: string) => [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);

/** Substitutes `:name` parameters (values are URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(v);
  });
}

/**
 * Tables whose content a request may change; FTS shadow tables follow their base tables and are
 * left out.
 */
async function tablesOf(db: Db): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name NOT LIKE 'search_fts%' ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

/**
 * Per table: row count and a hash of every row's content (SQLite quotes and joins each row's
 * columns; the test hashes the text). Two equal fingerprints mean nothing was written.
 */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  let query = fingerprintQueries.get(db);
  if (!query) {
    const parts: string[] = [];
    for (const table of await tablesOf(db)) {
      const columns = await db.all<{ name: string }>(
        sql.raw(`SELECT name FROM pragma_table_info('${table}')`),
      );
      const row = columns.map((c) => `quote("${c.name}")`).join(" || ',' || ");
      parts.push(
        `SELECT '${table}' AS t, count(*) AS n, group_concat(r, char(10)) AS content FROM (SELECT ${row} AS r FROM "${table}" ORDER BY rowid)`,
      );
    }
    query = parts.join(' UNION ALL ');
    fingerprintQueries.set(db, query);
  }
  const out: Record<string, string> = {};
  for (const r of await db.all<{ t: string; n: number; content: string | null }>(sql.raw(query))) {
    out[r.t] = `${r.n}:${createHash('sha256')
      .update(r.content ?? '')
      .digest('hex')
      .slice(0, 16)}`;
  }
  return out;
}
const fingerprintQueries = new WeakMap<Db, string>();

/** The tables whose fingerprint differs. */
export function changedTables(
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]);
}

/**
 * Whether a reply is the contract's error: `{error: {code, message}}`, a known code, and the status
 * that code has.
 */
export function errorShapeProblem(res: Pick<Reply, 'status' | 'body'>): string | null {
  const e = res.body?.error;
  if (!e || typeof e !== 'object')
    return `no error object in ${JSON.stringify(res.body)?.slice(0, 200)}`;
  if (!ERROR_CODES.includes(e.code)) return `unknown error code ${JSON.stringify(e.code)}`;
  if (typeof e.message !== 'string' || e.message.length === 0) return 'error without a message';
  if (ERROR_STATUS[e.code as ErrorCode] !== res.status)
    return `code ${e.code} answered with ${res.status}, the contract says ${ERROR_STATUS[e.code as ErrorCode]}`;
  return null;
}

export function expectErrorShape(res: Pick<Reply, 'status' | 'body' | 'text'>, what = ''): void {
  expect(errorShapeProblem(res), `${what} ${res.status} ${res.text.slice(0, 300)}`).toBeNull();
}

/** Waits (real time) until `done()` holds, polling; throws after `timeoutMs`. */
export async function eventually(
  done: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
