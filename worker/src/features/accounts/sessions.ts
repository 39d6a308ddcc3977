/**
 * Sessions: the token is `<session id>.<secret>`, 256 random bits of secret; only SHA-256(secret)
 * is stored, and it is compared in constant time. Sessions last 30 days and slide forward while
 * used.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sessions, users } from '../../db/schema';
import {
  fromBase64Url,
  randomBytes,
  sha256,
  timingSafeEqual,
  toBase64Url,
} from '../../lib/encoding';
import { newId } from '../../lib/ids';

export const SESSION_TTL_MS = 30 * 24 * 3600_000;
const RENEW_WHEN_LEFT_MS = 15 * 24 * 3600_000;
const TOUCH_EVERY_MS = 60_000;

export type SessionUser = typeof users.$inferSelect;

export async function createSession(db: Db, userId: string, now: number) {
  const id = newId();
  const secret = toBase64Url(randomBytes(32));
  const expiresAt = now + SESSION_TTL_MS;
  const insert = db.insert(sessions).values({
    id,
    userId,
    secretHash: toBase64Url(await sha256(secret)),
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
  });
  return { token: `${id}.${secret}`, id, expiresAt, insert };
}

/**
 * Every signed-in request looks its session up: the statement is built once per database, not per
 * request.
 */
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();
const prepareLookup = (db: Db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare();

function sessionLookup(db: Db) {
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = prepareLookup(db);
    lookups.set(db, lookup);
  }
  return lookup;
}

/**
 * The session and its user for a bearer token, or null for anything else (never throws on bad
 * input).
 */
export async function validateSession(db: Db, token: string, now: number) {
  const dot = token.indexOf('.');
  if (dot < 1 || token.length > 200) return null;
  const id = token.slice(0, dot);
  const given = fromBase64Url(token.slice(dot + 1));
  if (!given || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const [row] = await sessionLookup(db).all({ id });
  if (!row) return null;
  const expected = fromBase64Url(row.session.secretHash);
  if (!expected || !timingSafeEqual(await sha256(token.slice(dot + 1)), expected)) return null;
  if (row.session.expiresAt <= now) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - row.session.lastSeenAt > TOUCH_EVERY_MS) {
    const expiresAt =
      row.session.expiresAt - now < RENEW_WHEN_LEFT_MS
        ? now + SESSION_TTL_MS
        : row.session.expiresAt;
    await db.batch([
      db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id)),
      db.update(users).set({ lastActiveAt: now }).where(eq(users.id, row.user.id)),
    ]);
    row.session.expiresAt = expiresAt;
  }
  return row;
}
