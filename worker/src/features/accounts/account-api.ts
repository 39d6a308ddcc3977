/** The signed-in user: who they are, their organizations, and changing their password. */
import { changePasswordRequestSchema, type MeResponse } from '../../../../shared/api/auth';
import { json } from '../../http/middleware/validate';
import { readAsCaller } from '../../http/read-as-member';
import { checkedRouter, userRouter } from '../../http/router';
import { activeMembershipsStatement, toUserDto } from './accounts';
import { changePassword } from './change-password';
import { requestLocale } from '../../http/request-locale';

/** Who the signed-in user is, and the organizations they are an active member of: one round trip. */
export const meRoutes = checkedRouter().get('/', async (c) => {
  const memberships = await readAsCaller(c, (userId) =>
    activeMembershipsStatement(c.var.services.db, userId),
  );
  return c.json({ user: toUserDto(c.var.auth.user), memberships } satisfies MeResponse);
});

export const accountRoutes = userRouter().post(
  '/password',
  json(changePasswordRequestSchema),
  async (c) => {
    const s = c.var.services;
    const { user, sessionId } = c.var.auth;
    const { currentPassword, newPassword, locale } = c.req.valid('json');
    await changePassword(s, {
      clientIp: s.clientIp(c),
      who: { user, keepSession: sessionId },
      currentPassword,
      newPassword,
      locale: requestLocale(c, locale),
    });
    s.deliverSoon(c);
    return c.body(null, 204);
  },
);
