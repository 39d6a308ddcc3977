/**
 * Finding people: what a person is found by (their search text), and turning what someone typed into an FTS5
 * query over the index the migration `0001_search_index` keeps in step with members, invitations and
 * applications (`search_docs` + `search_fts`, unicode61 with prefix indexes, case and accents folded).
 *
 * Every word of the query must match the start of a word of the person (name, e-mail, phone): "iv pet" finds
 * Ivan Petrov, "иван" finds Иван, "alice@ex" finds alice@example.com. Chinese, Japanese and Korean names are
 * written without spaces, so their search text also holds every tail of such a name: "伟" finds 张伟.
 */
import { sql, type SQL } from 'drizzle-orm';
import { checkPhone } from './phone';

/** Han, kana, hangul: scripts that write names without spaces between their parts. */
const CJK = /[\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/u;

function cjkTails(word: string): string[] {
  const chars = [...word];
  const tails: string[] = [];
  for (let i = 1; i < chars.length; i++) if (CJK.test(chars[i]!) && CJK.test(chars[i - 1]!)) tails.push(chars.slice(i).join(''));
  return tails;
}

/** The lower-cased words a person is found by: names (with CJK tails), e-mail, phone in E.164 and national form. */
export function searchTextOf(input: { names: (string | null | undefined)[]; email?: string | null; phone?: string | null }): string {
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
 * The FTS5 MATCH expression for what someone typed, or null when it holds nothing searchable. Every term is a
 * quoted prefix query, so no input can inject FTS5 syntax.
 */
export function ftsMatch(query: string): string | null {
  const q = query.normalize('NFKC').toLowerCase().trim();
  const digits = q.replace(/\D/g, '');
  const terms = PHONE_QUERY.test(q) && digits.length >= 3 ? [digits] : q.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  if (terms.length === 0) return null;
  return terms
    .slice(0, 8)
    .map((t) => `"${[...t].slice(0, 64).join('')}"*`)
    .join(' ');
}

export type SearchKind = 'member' | 'invitation' | 'application';

/** `<column> IN (refs of this kind in this organization matching the query)`, for the lists' `q` filter. */
export function matchesQuery(column: SQL.Aliased | SQL | { getSQL(): SQL }, kind: SearchKind, orgId: string, query: string): SQL {
  const match = ftsMatch(query);
  if (!match) return sql`0`;
  // Written so that SQLite runs the FTS lookup once and probes search_docs by id (a join would probe FTS per doc).
  return sql`${column} IN (SELECT d.ref FROM search_docs d WHERE d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match}) AND d.kind = ${kind} AND d.org_id = ${orgId})`;
}
