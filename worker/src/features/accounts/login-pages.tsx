/**
 * The hosted sign-in page (`/login`, the default login address of welcome messages) and the
 * change-password page (`/account/password`, also the way out of an initial password). The browser
 * extension is the main client and keeps the session, so these pages hold no cookie: signing in
 * here checks the account and says where to go next. Both share their rate-limit counters with the
 * API's sign-in, so neither is a way around the other's limits, and both accept an initial password
 * (features/accounts/initial-password.ts) as the API's sign-in does.
 */
import { and, eq } from 'drizzle-orm';
import * as z from 'zod/mini';
import {
  emailSchema,
  givenPasswordSchema,
  maxString,
  passwordSchema,
  trimmedString,
} from '../../../../shared/api/common';
import { phoneSchema } from '../../../../shared/api/members';
import { sessions, users } from '../../db/schema';
import { activeMemberships } from './accounts';
import { auditEvent } from '../organizations/audit';
import { accountFromInput, checkCredentials } from './credentials';
import { queueMessage } from '../../mail/outbox';
import type { AppContext } from '../../env';
import { invalidInput } from '../../errors';
import { ChangePasswordPage, LoginPage, SignedInPage } from './views/login';
import { fieldErrors } from '../../http/forms';
import { MessagePage } from '../../http/layout';
import { sameOriginForms } from '../../http/middleware/csrf';
import {
  formBody,
  pageRouter,
  readForm,
  renderPage,
  repeatsNewPassword,
} from '../../http/page-router';

const WRONG = 'The e-mail address or password is not right.';

/**
 * The sign-in form's account field: an e-mail address, or a phone number for accounts without one.
 */
const accountField = trimmedString(254, 1).check(
  z.refine(
    (v) => (v.includes('@') ? emailSchema : phoneSchema).safeParse(v).success,
    'must be an e-mail address, or a phone number with its country code',
  ),
);
const loginForm = z.object({ email: accountField, password: givenPasswordSchema });

const verify = (c: AppContext, account: string, password: string) =>
  checkCredentials(c.var.services, c.var.services.clientIp(c), accountFromInput(account), password);

const changeForm = z
  .object({
    email: accountField,
    currentPassword: givenPasswordSchema,
    newPassword: passwordSchema,
    confirmPassword: maxString(200),
  })
  .check(
    repeatsNewPassword,
    z.refine((v) => v.newPassword !== v.currentPassword, {
      message: 'must differ from the current password',
      path: ['newPassword'],
    }),
  );

export const loginPageRoutes = pageRouter()
  .get('/', (c) => renderPage(c, <LoginPage />))
  .post('/', formBody, sameOriginForms, async (c) => {
    const form = await readForm(c);
    const parsed = loginForm.safeParse({ email: form.email ?? '', password: form.password ?? '' });
    if (!parsed.success)
      return renderPage(
        c,
        <LoginPage email={form.email} errors={fieldErrors(invalidInput(parsed.error).fields)} />,
        422,
      );
    const user = await verify(c, parsed.data.email, parsed.data.password);
    if (!user)
      return renderPage(
        c,
        <LoginPage email={parsed.data.email} errors={{ password: WRONG }} />,
        401,
      );
    if (user.mustChangePassword) {
      return renderPage(
        c,
        <ChangePasswordPage
          email={parsed.data.email}
          message="You signed in with an initial password. Choose your own password to continue; enter the initial one as the current password."
        />,
      );
    }
    const { db, now } = c.var.services;
    const t = now();
    const memberships = await activeMemberships(db, user.id);
    // This page opens no session and no organization: nothing goes to an organization's audit log.
    await db.update(users).set({ lastActiveAt: t }).where(eq(users.id, user.id));
    return renderPage(
      c,
      <SignedInPage
        name={user.name}
        email={user.email ?? user.phone ?? parsed.data.email}
        orgs={memberships}
      />,
    );
  });

export const accountPageRoutes = pageRouter()
  .get('/password', (c) => renderPage(c, <ChangePasswordPage />))
  .post('/password', formBody, sameOriginForms, async (c) => {
    const form = await readForm(c);
    const values = {
      email: form.email ?? '',
      currentPassword: form.currentPassword ?? '',
      newPassword: form.newPassword ?? '',
      confirmPassword: form.confirmPassword ?? '',
    };
    const parsed = changeForm.safeParse(values);
    if (!parsed.success)
      return renderPage(
        c,
        <ChangePasswordPage
          email={values.email}
          errors={fieldErrors(invalidInput(parsed.error).fields)}
        />,
        422,
      );
    const { email, currentPassword, newPassword } = parsed.data;
    const user = await verify(c, email, currentPassword);
    if (!user)
      return renderPage(
        c,
        <ChangePasswordPage email={email} errors={{ currentPassword: WRONG }} />,
        401,
      );

    const { db, passwords, now } = c.var.services;
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
        .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash ?? ''))),
      db.delete(sessions).where(eq(sessions.userId, user.id)),
      ...memberships.map((m) =>
        auditEvent(
          db,
          {
            orgId: m.orgId,
            actorId: user.id,
            action: 'account.password_change',
            targetType: 'user',
            targetId: user.id,
            detail: { via: 'page' },
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
    return renderPage(
      c,
      <MessagePage
        title="Your password was changed"
        message="Your new password works now, and any other sessions were signed out. Sign in with it in the Invitations browser extension."
      />,
    );
  });
