/** The signed-in user: who they are, their organizations, and changing their password. */
import { changePasswordRequestSchema, type MeResponse } from '../../../../shared/api/auth';
import { json } from '../../http/middleware/validate';
import { readAllAsCaller, readAsCaller } from '../../http/read-as-member';
import { checkedRouter } from '../../http/router';
import { activeMembershipsStatement, toUserDto } from './accounts';
import { changePassword } from './change-password';
import { countingOwnTry, ownTryCounted } from './credentials';
import { requestLocale } from '../../http/request-locale';

/** Who the signed-in user is, and the organizations they are an active member of: one round trip. */
export const meRoutes = checkedRouter().get('/', async (c) => {
  const memberships = await readAsCaller(c, (userId) =>
    activeMembershipsStatement(c.var.services.db, userId),
  );
  return c.json({ user: toUserDto(c.var.auth.user), memberships } satisfies MeResponse);
});

/**
 * Changing the signed-in user's password: the caller and their try at the current password counted
 * in one round trip, then the change in one write.
 */
export const accountRoutes = checkedRouter().post(
  '/password',
  json(changePasswordRequestSchema),
  async (c) => {
    const s = c.var.services;
    const clientIp = s.clientIp(c);
    let counting: ReturnType<typeof countingOwnTry> = null;
    const counted = await readAllAsCaller(c, (userId, signedIn) => {
      counting = countingOwnTry(s, clientIp, userId, signedIn);
      return counting ?? [];
    });
    const { user, sessionId } = c.var.auth;
    const { currentPassword, newPassword, locale } = c.req.valid('json');
    await changePassword(s, {
      clientIp,
      who: {
        user,
        keepSession: sessionId,
        ...(counting ? { attempt: await ownTryCounted(s, clientIp, user.id, counted) } : {}),
      },
      currentPassword,
      newPassword,
      locale: requestLocale(c, locale),
    });
    s.deliverSoon(c);
    return c.body(null, 204);
  },
);
