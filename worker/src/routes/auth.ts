/**
 * Sign-in and sign-out. Login is rate limited per address and per client, and answers the same
 * `invalid_credentials` for an unknown address, a wrong password, or an account without a password yet.
 */
import { eq } from 'drizzle-orm';
import type { LoginResponse } from '../../../shared/api/auth';
import { loginRequestSchema } from '../../../shared/api/auth';
import { sessions, users } from '../db/schema';
import { activeMemberships, toUserDto } from '../domain/accounts';
import { auditEvent } from '../domain/audit';
import { redeemInitialPassword } from '../domain/initial-password';
import { enforceRateLimits } from '../domain/rate-limit';
import { createSession } from '../domain/sessions';
import { AppError } from '../errors';
import { json } from '../middleware/validate';
import { iso } from '../db/pagination';
import { requireAuth } from '../middleware/auth';
import { publicRouter } from './router';

const WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMITS = { perAddress: 10, perClient: 100, windowMs: WINDOW_MS };

export const authRoutes = publicRouter()
  .post('/login', json(loginRequestSchema), async (c) => {
  const { db, passwords, rateLimiter, now, clientIp } = c.var.services;
  const { email, password } = c.req.valid('json');
  await enforceRateLimits(
    rateLimiter,
    [
      { key: `login:email:${email}`, limit: LOGIN_LIMITS.perAddress, windowMs: WINDOW_MS },
      { key: `login:ip:${clientIp(c)}`, limit: LOGIN_LIMITS.perClient, windowMs: WINDOW_MS },
    ],
    now(),
  );
  const [found] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  // An account that never had a password may sign in with the initial password an invitation sent it.
  const user = found && (await redeemInitialPassword(c.var.services, found, password, now()));
  const check = await passwords.verify(password, user?.passwordHash ?? null);
  const t = now();
  const expired = user?.passwordExpiresAt != null && user.passwordExpiresAt <= t;
  if (!user || !check.ok || expired) throw new AppError('invalid_credentials', 'The e-mail address or password is not right');

  await rateLimiter.reset(`login:email:${email}`);
  const session = await createSession(db, user.id, t);
  const memberships = await activeMemberships(db, user.id);
  const rehash = check.needsRehash ? [db.update(users).set({ passwordHash: await passwords.hash(password) }).where(eq(users.id, user.id))] : [];
  await db.batch([
    session.insert,
    db.update(users).set({ lastActiveAt: t }).where(eq(users.id, user.id)),
    ...rehash,
    ...memberships.map((m) => auditEvent(db, { orgId: m.orgId, actorId: user.id, action: 'auth.sign_in', targetType: 'user', targetId: user.id }, t)),
  ]);
    return c.json({ token: session.token, expiresAt: iso(session.expiresAt), user: toUserDto(user), memberships } satisfies LoginResponse);
  })
  .post('/logout', requireAuth, async (c) => {
    await c.var.services.db.delete(sessions).where(eq(sessions.id, c.var.auth.sessionId));
    return c.body(null, 204);
  });
