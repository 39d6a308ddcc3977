/**
 * Finding people: what a person is found by (their search text), and turning what someone typed
 * into an FTS5 query over the index the migration `0001_search_index` keeps in step with members,
 * invitations and applications (`search_docs` + `search_fts`, unicode61 with prefix indexes, case
 * and accents folded).
 *
 * Every word of the query must match the start of a word of the person (name, e-mail, phone): "iv
 * pet" finds Ivan Petrov, "иван" finds Иван, "alice@ex" finds alice@example.com. Chinese, Japanese
 * and Korean names are written without spaces, so their search text also holds every tail of such a
 * name: "伟" finds 张伟.
 */
import { and, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';
import { newestFirst } from './pagination';
import { checkPhone } from '../lib/phone';

/** Han, kana, hangul: scripts that write names without spaces between their parts. */
const CJK = /[\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/u;

function cjkTails(word: string): string[] {
  const chars = [...word];
  const tails: string[] = [];
  for (let i = 1; i < chars.length; i++)
    if (CJK.test(chars[i]!) && CJK.test(chars[i - 1]!)) tails.push(chars.slice(i).join(''));
  return tails;
}

/**
 * The lower-cased words a person is found by: names (with CJK tails), e-mail, phone in E.164 and
 * national form.
 */
export function searchTextOf(input: {
  names: (string | null | undefined)[];
  email?: string | null;
  phone?: string | null;
}): string {
  const words = input.names
    .filter((n): n is string => !!n)
    .join(' ')
    .normalize('NFKC')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  const out = [...words, ...words.flatMap(cjkTails)];
  if (input.email) out.push(input.email.toLowerCase());
  if (input.phone) {
    const phone = checkPhone(input.phone);
    out.push(...(phone.ok ? [phone.e164, phone.national] : [input.phone]));
  }
  return [...new Set(out)].join(' ').slice(0, 2000);
}

const PHONE_QUERY = /^[+\d][\d\s().-]*$/;

/**
 * The FTS5 MATCH expression for what someone typed, or null when it holds nothing searchable. Every
 * term is a quoted prefix query, so no input can inject FTS5 syntax.
 */
export function ftsMatch(query: string): string | null {
  const q = query.normalize('NFKC').toLowerCase().trim();
  const digits = q.replace(/\D/g, '');
  const terms =
    PHONE_QUERY.test(q) && digits.length >= 3
      ? [digits]
      : q.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  if (terms.length === 0) return null;
  return terms
    .slice(0, 8)
    .map((t) => `"${[...t].slice(0, 64).join('')}"*`)
    .join(' ');
}

export type SearchKind = 'member' | 'invitation' | 'application';

/**
 * Tuning of the lists' `q` filter (`listPage` below); tests lower both to reach every shape with a
 * few rows.
 */
export const listSearch = {
  /**
   * At most this many hits in the organization, a page is read from the hits and sorted: one lookup
   * by key each, about 15 µs apiece when they are spread over 1 000 000 invitations.
   */
  fewHits: 2000,
  /**
   * With more, the page is first looked for among this many of the list's next rows, each tested
   * against the search index by its key (a few µs a row): enough when one row in 40 matches.
   */
  window: 2000,
};

/**
 * A newest-first list of one organization's rows (db/pagination.ts), with the filters of the
 * request.
 */
export interface ListSpec {
  /**
   * The list's table's columns: its organization, its creation time and the id that search_docs'
   * `ref` names.
   */
  org: SQLiteColumn;
  createdAt: SQLiteColumn;
  id: SQLiteColumn;
  orgId: string;
  cursor: string | undefined;
  /** The page size; `read` asks for one row more. */
  limit: number;
  filters: (SQL | undefined)[];
  /** The `q` filter, with the kind of search_docs the list's rows are. */
  search?: { kind: SearchKind; q: string };
}

/**
 * A page of a list without the `q` filter is one statement, which a route sends with its caller's
 * lookup (http/read-as-member.ts); null when the list has a `q` filter (`listPage` reads it in
 * steps).
 */
export function listStatement<R>(
  list: ListSpec,
  read: (where: SQL | undefined, orderBy: SQL[]) => R,
): R | null {
  if (list.search) return null;
  const page = newestFirst(list.createdAt, list.id, list.cursor);
  return read(and(eq(list.org, list.orgId), ...list.filters, page.after), page.orderBy);
}

/**
 * One page of a list with its filters and, optionally, the `q` filter: `read(where, orderBy)` runs
 * the list's own SELECT (… LIMIT limit + 1). Left to itself, SQLite (no statistics) walks the
 * organization's list index newest first and tests each row against the hits, so a rare or absent
 * name reads the whole organization (140–340 ms at 1 000 000 invitations). So the organization's
 * hits are counted first, from the search index (newest entries first, then each entry by id,
 * stopping after `fewHits` + 1), and the page is read in one of three ways, all with the same rows,
 * order and cursors:
 *
 * - at most `fewHits` hits: the rows are looked up by key from the hits (passed back as one JSON
 *   array), every
 *   other condition is tested on each and the few that pass are sorted. The other conditions and the order are
 *   wrapped in unary `+`, which keeps SQLite from answering through an organization index.
 * - more: the list's next `window` rows in the organization (its list index newest first, down to
 *   the creation
 *   time of the `window`-th row), each tested by key against the search index. When that fills the page it is the
 *   page: every row past the window comes after all of them.
 * - too few there: the list index newest first again, each row tested against the organization's
 *   hits, gathered
 *   once from the search index (not by reading every entry of the kind in every organization).
 */
export async function listPage<Row>(
  db: Db,
  list: ListSpec,
  read: (where: SQL | undefined, orderBy: SQL[]) => Promise<Row[]>,
): Promise<Row[]> {
  const page = newestFirst(list.createdAt, list.id, list.cursor);
  const inOrg = eq(list.org, list.orgId);
  const where = and(inOrg, ...list.filters, page.after);
  if (!list.search) return read(where, page.orderBy);
  const match = ftsMatch(list.search.q);
  if (!match) return [];
  const { kind } = list.search;
  const hits = sql`SELECT d.ref FROM search_fts f CROSS JOIN search_docs d ON d.id = f.rowid WHERE search_fts MATCH ${match} AND d.kind = ${kind} AND d.org_id = ${list.orgId}`;
  const found = await db.all<{ ref: string }>(
    sql`${hits} ORDER BY f.rowid DESC LIMIT ${listSearch.fewHits + 1}`,
  );
  if (found.length === 0) return [];
  if (found.length <= listSearch.fewHits) {
    const refs = JSON.stringify(found.map((h) => h.ref));
    return read(and(sql`${list.id} IN (SELECT value FROM json_each(${refs}))`, sql`+(${where})`), [
      sql`+${list.createdAt} DESC`,
      sql`+${list.id} DESC`,
    ]);
  }
  const isHit = sql`EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = ${kind} AND d.ref = ${list.id} AND d.org_id = ${list.orgId}
    AND d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match}))`;
  const [edge] = await db.all<{ t: number }>(
    sql`SELECT ${list.createdAt} AS t FROM ${list.createdAt.table} WHERE ${and(inOrg, page.after)} ORDER BY ${sql.join(page.orderBy, sql`, `)} LIMIT 1 OFFSET ${listSearch.window - 1}`,
  );
  if (!edge) return read(and(where, isHit), page.orderBy);
  const rows = await read(and(where, gte(list.createdAt, edge.t), isHit), page.orderBy);
  if (rows.length > list.limit) return rows;
  return read(and(where, sql`${list.id} IN (${hits})`), page.orderBy);
}
