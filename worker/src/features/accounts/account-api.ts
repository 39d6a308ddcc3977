/** The signed-in user: who they are, their organizations, and changing their password. */
import { changePasswordRequestSchema } from '../../../../shared/api/auth';
import { json } from '../../http/middleware/validate';
import { userRouter } from '../../http/router';
import { myAccount } from './accounts';
import { changePassword } from './change-password';

export const meRoutes = userRouter().get('/', async (c) =>
  c.json(await myAccount(c.var.services, { user: c.var.auth.user })),
);

export const accountRoutes = userRouter().post(
  '/password',
  json(changePasswordRequestSchema),
  async (c) => {
    const s = c.var.services;
    const { user, sessionId } = c.var.auth;
    const { currentPassword, newPassword } = c.req.valid('json');
    await changePassword(s, {
      clientIp: s.clientIp(c),
      who: { user, keepSession: sessionId },
      currentPassword,
      newPassword,
    });
    s.deliverSoon(c);
    return c.body(null, 204);
  },
);
