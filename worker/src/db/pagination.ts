/**
 * Keyset ("cursor") pagination, newest first: lists order by (created_at DESC, id DESC) and
 * continue strictly after the last row seen, so every page is one indexed range scan however deep
 * it goes.
 */
import { and, desc, lt, or, eq, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as z from 'zod/mini';
import { AppError } from '../errors';
import { fromBase64Url, toBase64Url } from '../lib/encoding';

interface CursorKey {
  t: number;
  id: string;
}

const cursorSchema = z.object({ t: z.int(), id: z.string().check(z.maxLength(64)) });

export function encodeCursor(key: CursorKey): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(key)));
}

export function decodeCursor(cursor: string | undefined): CursorKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const bytes = fromBase64Url(cursor);
  try {
    const parsed = cursorSchema.safeParse(bytes && JSON.parse(new TextDecoder().decode(bytes)));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new AppError('invalid_input', 'The cursor is not one this server gave out', {
    cursor: 'is not valid',
  });
}

/** The WHERE part and ORDER BY of a newest-first page after `cursor`. */
export function newestFirst(createdAt: SQLiteColumn, id: SQLiteColumn, cursor: string | undefined) {
  const key = decodeCursor(cursor);
  const after: SQL | undefined = key
    ? or(lt(createdAt, key.t), and(eq(createdAt, key.t), lt(id, key.id)))
    : undefined;
  return { after, orderBy: [desc(createdAt), desc(id)] };
}

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  key: (row: Row) => CursorKey,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  const last = slice[slice.length - 1];
  return { items: slice.map(toItem), nextCursor: more && last ? encodeCursor(key(last)) : null };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined): string | null =>
  ms == null ? null : iso(ms);
