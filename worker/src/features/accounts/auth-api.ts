/**
 * Sign-in, sign-out and "forgot your password?". Sign-in shares the limits of every credential
 * check (features/accounts/credentials.ts) and answers the same `invalid_credentials` for an unknown address,
 * a wrong password, or an account without a password yet; a reset request answers the same whether
 * or not the account exists.
 */
import { eq } from 'drizzle-orm';
import type { LoginResponse } from '../../../../shared/api/auth';
import { loginRequestSchema, passwordResetRequestSchema } from '../../../../shared/api/auth';
import { resetInBackground } from './password-reset';
import { sessions, users } from '../../db/schema';
import { activeMemberships, toUserDto } from './accounts';
import { checkCredentials } from './credentials';
import { createSession } from './sessions';
import { AppError } from '../../errors';
import { json } from '../../http/middleware/validate';
import { iso } from '../../db/pagination';
import { requireAuth } from '../../http/middleware/auth';
import { publicRouter } from '../../http/router';

export const authRoutes = publicRouter()
  .post('/login', json(loginRequestSchema), async (c) => {
    const { db, now, clientIp } = c.var.services;
    const { email, phone, password } = c.req.valid('json');
    const user = await checkCredentials(
      c.var.services,
      clientIp(c),
      email !== undefined ? { email } : { phone: phone! },
      password,
    );
    if (!user) throw new AppError('invalid_credentials', 'The account or password is not right');
    const t = now();
    const session = await createSession(db, user.id, t);
    const memberships = await activeMemberships(db, user.id);
    // The sign-in is recorded in each organization's audit log when the session first uses it
    // (http/middleware/auth.ts).
    await db.batch([
      session.insert,
      db.update(users).set({ lastActiveAt: t }).where(eq(users.id, user.id)),
    ]);
    return c.json({
      token: session.token,
      expiresAt: iso(session.expiresAt),
      user: toUserDto(user),
      memberships,
    } satisfies LoginResponse);
  })
  .post('/password-reset', json(passwordResetRequestSchema), async (c) => {
    const s = c.var.services;
    const { email, phone } = c.req.valid('json');
    await resetInBackground(
      s,
      c,
      s.clientIp(c),
      email !== undefined ? { email } : { phone: phone! },
    );
    return c.json({ sent: true as const }, 202);
  })
  .post('/logout', requireAuth, async (c) => {
    await c.var.services.db.delete(sessions).where(eq(sessions.id, c.var.auth.sessionId));
    return c.body(null, 204);
  });
