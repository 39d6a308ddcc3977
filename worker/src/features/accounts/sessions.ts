/**
 * Sessions: the token is `<session id>.<secret>`, 256 random bits of secret; only SHA-256(secret)
 * is stored, and it is compared in constant time. Sessions last 30 days and slide forward while
 * used.
 */
import { eq } from 'drizzle-orm';
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

/** A bearer token's parts (`<session id>.<secret>`), or null when it cannot be a session's. */
export function sessionTokenParts(token: string): { id: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot < 1 || token.length > 200) return null;
  const id = token.slice(0, dot);
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  return { id, secret: token.slice(dot + 1) };
}

export interface SessionRow {
  session: typeof sessions.$inferSelect;
  user: SessionUser;
}

/**
 * Whether a looked-up session is the token's and still valid, and what to write once the request
 * has its answer (nothing, or: forget the expired session; slide the session forward and stamp the
 * user's activity, at most once a minute). The secret is compared in constant time.
 */
export async function judgeSession(
  db: Db,
  row: SessionRow | undefined,
  secret: string,
  now: number,
): Promise<{ valid: boolean; later: (() => Promise<unknown>) | null }> {
  const given = fromBase64Url(secret);
  if (!row || !given) return { valid: false, later: null };
  const expected = fromBase64Url(row.session.secretHash);
  if (!expected || !timingSafeEqual(await sha256(secret), expected))
    return { valid: false, later: null };
  const { id } = row.session;
  if (row.session.expiresAt <= now) {
    return { valid: false, later: () => db.delete(sessions).where(eq(sessions.id, id)) };
  }
  if (now - row.session.lastSeenAt <= TOUCH_EVERY_MS) return { valid: true, later: null };
  const expiresAt =
    row.session.expiresAt - now < RENEW_WHEN_LEFT_MS ? now + SESSION_TTL_MS : row.session.expiresAt;
  row.session.expiresAt = expiresAt;
  return {
    valid: true,
    later: () =>
      db.batch([
        db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id)),
        db.update(users).set({ lastActiveAt: now }).where(eq(users.id, row.user.id)),
      ]),
  };
}

/**
 * The session and its user for a bearer token, or null for anything else (never throws on bad
 * input). Its stamps are written before it answers; a request's own sign-in check
 * (http/middleware/auth.ts) leaves them for after its answer.
 */
export async function validateSession(db: Db, token: string, now: number) {
  const parts = sessionTokenParts(token);
  if (!parts) return null;
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, parts.id))
    .limit(1);
  const judged = await judgeSession(db, row, parts.secret, now);
  await judged.later?.();
  return judged.valid ? row! : null;
}
