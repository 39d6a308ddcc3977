/**
 * Changing a password while knowing the current one: through the API (the signed-in user; the
 * session in use stays) or on the hosted `/account/password` page (the account typed there, checked
 * as a sign-in is, so an initial password works too; every session ends). The current password is a
 * credential check (features/accounts/credentials.ts); the write is guarded by the password it
 * replaces, signs the account's other sessions out, is recorded in each of its organizations' audit
 * logs, and tells the account's e-mail address.
 */
import type { Locale } from '../../../../shared/i18n';
import { and, eq, ne } from 'drizzle-orm';
import { sessions, users } from '../../db/schema';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { queueMessage } from '../../mail/outbox';
import { auditEvent } from '../organizations/audit';
import { activeMemberships } from './accounts';
import { checkCredentials, settle, verifyAccountPassword, type LoginAccount } from './credentials';
import { isGuardFailure, unlessChanged } from '../../db/guarded';

type UserRow = typeof users.$inferSelect;

export interface ChangePasswordInput {
  clientIp: string;
  /**
   * The signed-in user and the session that stays signed in, or the account a page names (its
   * every session ends).
   */
  who: { user: UserRow; keepSession: string } | { account: LoginAccount };
  currentPassword: string;
  newPassword: string;
  /** Where the change was made, for the audit event's detail (the API records none). */
  via?: 'page';
  /** The language of the request (its message speaks it); null: English or the organization's. */
  locale?: Locale | null;
}

/** The account when the password is right (its success recorded), else null. */
async function signedInWith(
  s: Services,
  clientIp: string,
  account: LoginAccount,
  password: string,
): Promise<UserRow | null> {
  const found = await checkCredentials(s, clientIp, account, password);
  if (found) await settle(s, found.settle);
  return found?.user ?? null;
}

/**
 * Changes the password; throws `invalid_credentials` when the current one is not right, and
 * `invalid_input` when the new one is the same. Returns the account; the caller delivers the
 * notice (`services.deliverSoon`).
 */
export async function changePassword(s: Services, input: ChangePasswordInput): Promise<UserRow> {
  const { db, passwords } = s;
  const { who, currentPassword, newPassword } = input;
  const user =
    'user' in who
      ? // An expired password may still be changed here.
        (await verifyAccountPassword(
          s,
          input.clientIp,
          { ...who.user, passwordExpiresAt: null },
          currentPassword,
        ))
        ? who.user
        : null
      : await signedInWith(s, input.clientIp, who.account, currentPassword);
  if (!user)
    throw new AppError('invalid_credentials', 'The current password is not right', {
      currentPassword: 'is not right',
    });
  if (newPassword === currentPassword)
    throw new AppError('invalid_input', 'Choose a password different from the current one', {
      newPassword: 'must differ from the current password',
    });

  const t = s.now();
  const memberships = await activeMemberships(db, user.id);
  const changed = await db
    .batch([
      db
        .update(users)
        .set({
          passwordHash: await passwords.hash(newPassword),
          mustChangePassword: false,
          passwordExpiresAt: null,
          registeredAt: user.registeredAt ?? t,
        })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash ?? ''))),
      // Changed meanwhile (another change won the race): nothing below happens either.
      unlessChanged(db),
      db
        .delete(sessions)
        .where(
          and(
            eq(sessions.userId, user.id),
            'keepSession' in who ? ne(sessions.id, who.keepSession) : undefined,
          ),
        ),
      ...memberships.map((m) =>
        auditEvent(
          db,
          {
            orgId: m.orgId,
            actorId: user.id,
            action: 'account.password_change',
            targetType: 'user',
            targetId: user.id,
            ...(input.via ? { detail: { via: input.via } } : {}),
          },
          t,
        ),
      ),
      ...(user.email
        ? [
            queueMessage(
              db,
              {
                kind: 'password_changed',
                channel: 'email',
                recipient: user.email,
                refId: user.id,
                locale: input.locale ?? null,
              },
              t,
            ),
          ]
        : []),
    ])
    .then(
      () => true,
      (err: unknown) => {
        if (isGuardFailure(err)) return false;
        throw err;
      },
    );
  if (!changed)
    throw new AppError('invalid_credentials', 'The current password is not right', {
      currentPassword: 'is not right',
    });
  return user;
}
