/**
 * Sign-in, sign-out and "forgot your password?" (features/accounts/sign-in.ts,
 * features/accounts/password-reset.ts). Sign-in shares the limits of every credential check
 * (features/accounts/credentials.ts) and answers the same `invalid_credentials` for an unknown
 * address, a wrong password, or an account without a password yet; a reset request answers the same
 * whether or not the account exists.
 */
import { loginRequestSchema, passwordResetRequestSchema } from '../../../../shared/api/auth';
import { requireAuth } from '../../http/middleware/auth';
import { json } from '../../http/middleware/validate';
import { publicRouter } from '../../http/router';
import { resetInBackground } from './password-reset';
import { requestLocale } from '../../http/request-locale';
import { signIn, signOut } from './sign-in';

export const authRoutes = publicRouter()
  .post('/login', json(loginRequestSchema), async (c) => {
    const s = c.var.services;
    const { email, phone, password } = c.req.valid('json');
    const account = email !== undefined ? { email } : { phone: phone! };
    return c.json(await signIn(s, { clientIp: s.clientIp(c), account, password }));
  })
  .post('/password-reset', json(passwordResetRequestSchema), async (c) => {
    const s = c.var.services;
    const { email, phone, locale } = c.req.valid('json');
    const account = email !== undefined ? { email } : { phone: phone! };
    await resetInBackground(s, c, {
      clientIp: s.clientIp(c),
      account,
      locale: requestLocale(c, locale),
    });
    return c.json({ sent: true as const }, 202);
  })
  .post('/logout', requireAuth, async (c) => {
    await signOut(c.var.services, { sessionId: c.var.auth.sessionId });
    return c.body(null, 204);
  });
