import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema';

export { schema };

/**
 * The database handle every module takes: drizzle over libSQL, the same type on Node and in
 * Workers.
 */
export type Db = LibSQLDatabase<typeof schema>;

/** Whether a libSQL error is a UNIQUE or PRIMARY KEY constraint failure (a conflict, not a bug). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(code)) return true;
    if (/UNIQUE constraint failed/.test(e.message)) return true;
  }
  return false;
}

/**
 * Runs a write; a UNIQUE violation becomes the given conflict error, anything else is rethrown as
 * is.
 */
export async function unlessDuplicate<T>(write: Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict();
    throw err;
  }
}
