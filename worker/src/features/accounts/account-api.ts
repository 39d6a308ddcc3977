/** The signed-in user: who they are, their organizations, and changing their password. */
import { and, eq, ne } from 'drizzle-orm';
import type { MeResponse } from '../../../../shared/api/auth';
import { changePasswordRequestSchema } from '../../../../shared/api/auth';
import { sessions, users } from '../../db/schema';
import { activeMemberships, toUserDto } from './accounts';
import { auditEvent } from '../organizations/audit';
import { queueMessage } from '../../mail/outbox';
import { verifyAccountPassword } from './credentials';
import { AppError } from '../../errors';
import { json } from '../../http/middleware/validate';
import { userRouter } from '../../http/router';

export const meRoutes = userRouter().get('/', async (c) => {
  const { user } = c.var.auth;
  return c.json({
    user: toUserDto(user),
    memberships: await activeMemberships(c.var.services.db, user.id),
  } satisfies MeResponse);
});

export const accountRoutes = userRouter().post(
  '/password',
  json(changePasswordRequestSchema),
  async (c) => {
    const s = c.var.services;
    const { db, passwords, now } = s;
    const { user, sessionId } = c.var.auth;
    const { currentPassword, newPassword } = c.req.valid('json');
    if (
      !(await verifyAccountPassword(
        s,
        s.clientIp(c),
        { ...user, passwordExpiresAt: null },
        currentPassword,
      ))
    )
      throw new AppError('invalid_credentials', 'The current password is not right', {
        currentPassword: 'is not right',
      });
    if (newPassword === currentPassword)
      throw new AppError('invalid_input', 'Choose a password different from the current one', {
        newPassword: 'must differ from the current password',
      });

    const t = now();
    const memberships = await activeMemberships(db, user.id);
    await db.batch([
      db
        .update(users)
        .set({
          passwordHash: await passwords.hash(newPassword),
          mustChangePassword: false,
          passwordExpiresAt: null,
          registeredAt: user.registeredAt ?? t,
        })
        .where(eq(users.id, user.id)),
      db.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, sessionId))),
      ...memberships.map((m) =>
        auditEvent(
          db,
          {
            orgId: m.orgId,
            actorId: user.id,
            action: 'account.password_change',
            targetType: 'user',
            targetId: user.id,
          },
          t,
        ),
      ),
      ...(user.email
        ? [
            queueMessage(
              db,
              { kind: 'password_changed', channel: 'email', recipient: user.email, refId: user.id },
              t,
            ),
          ]
        : []),
    ]);
    c.var.services.deliverSoon(c);
    return c.body(null, 204);
  },
);
