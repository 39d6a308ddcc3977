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
import type { BatchItem } from 'drizzle-orm/batch';
import { auditEventInEachOrg } from '../organizations/audit';
import {
  checkAccountPassword,
  checkCredentials,
  type CredentialAttempt,
  type LoginAccount,
  settle,
} from './credentials';
import { isGuardFailure, unlessChanged } from '../../db/guarded';

type UserRow = typeof users.$inferSelect;

export interface ChangePasswordInput {
  clientIp: string;
  /**
   * The signed-in user and the session that stays signed in (with their try at the current
   * password already counted, when it was: `countingOwnTry`), or the account a page names (its
   * every session ends).
   */
  who:
    | { user: UserRow; keepSession: string; attempt?: CredentialAttempt }
    | { account: LoginAccount };
  currentPassword: string;
  newPassword: string;
  /** Where the change was made, for the audit event's detail (the API records none). */
  via?: 'page';
  /** The language of the request (its message speaks it); null: English or the organization's. */
  locale?: Locale | null;
}

const notRight = () =>
  new AppError('invalid_credentials', 'The current password is not right', {
    currentPassword: 'is not right',
  });

/** The account when the current password is right, with the statements that record the success. */
async function currentPasswordChecked(
  s: Services,
  input: ChangePasswordInput,
): Promise<{ user: UserRow; success: BatchItem<'sqlite'>[] } | null> {
  const { who, currentPassword } = input;
  if ('account' in who) {
    const found = await checkCredentials(s, input.clientIp, who.account, currentPassword);
    return found && { user: found.user, success: found.settle };
  }
  // An expired password may still be changed here.
  const success = await checkAccountPassword(
    s,
    input.clientIp,
    { ...who.user, passwordExpiresAt: null },
    currentPassword,
    who.attempt,
  );
  return success && { user: who.user, success };
}

/**
 * Changes the password in one write, with the success of the current password's check; throws
 * `invalid_credentials` when the current one is not right, and `invalid_input` when the new one is
 * the same. Returns the account; the caller delivers the notice (`services.deliverSoon`).
 */
export async function changePassword(s: Services, input: ChangePasswordInput): Promise<UserRow> {
  const { db, passwords } = s;
  const { who, newPassword } = input;
  const checked = await currentPasswordChecked(s, input);
  if (!checked) throw notRight();
  const { user, success } = checked;
  if (newPassword === input.currentPassword) {
    await settle(s, success);
    throw new AppError('invalid_input', 'Choose a password different from the current one', {
      newPassword: 'must differ from the current password',
    });
  }

  const t = s.now();
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
      ...success,
      db
        .delete(sessions)
        .where(
          and(
            eq(sessions.userId, user.id),
            'keepSession' in who ? ne(sessions.id, who.keepSession) : undefined,
          ),
        ),
      auditEventInEachOrg(
        db,
        user.id,
        {
          actorId: user.id,
          action: 'account.password_change',
          targetType: 'user',
          targetId: user.id,
          ...(input.via ? { detail: { via: input.via } } : {}),
        },
        t,
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
  if (!changed) throw notRight();
  return user;
}
