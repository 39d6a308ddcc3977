/**
 * The hosted sign-in page (`/login`, the default login address of welcome messages) and the
 * change-password page (`/account/password`, also the way out of an initial password). The browser
 * extension is the main client and keeps the session, so these pages hold no cookie: signing in
 * here checks the account and says where to go next. Both share their rate-limit counters with the
 * API's sign-in, so neither is a way around the other's limits, and both accept an initial password
 * (features/accounts/initial-password.ts) as the API's sign-in does. The work is the use cases'
 * (features/accounts/sign-in.ts, features/accounts/change-password.ts); these routes read the form
 * and render the page.
 */
import * as z from 'zod/mini';
import {
  emailSchema,
  givenPasswordSchema,
  maxString,
  passwordSchema,
  trimmedString,
} from '../../../../shared/api/common';
import { phoneSchema } from '../../../../shared/api/members';
import { AppError, invalidInput } from '../../errors';
import { fieldErrors } from '../../http/forms';
import { MessagePage } from '../../http/layout';
import { sameOriginForms } from '../../http/middleware/csrf';
import { pageLang } from '../../http/page-locale';
import { SignInLink } from '../../http/sign-in-link';
import {
  formBody,
  pageRouter,
  readForm,
  renderPage,
  repeatsNewPassword,
} from '../../http/page-router';
import { changePassword } from './change-password';
import { askedLocale } from '../../http/page-locale';
import { accountFromInput } from './credentials';
import { accountPagesText } from './pages.text';
import { signInOnPage } from './sign-in';
import { ChangePasswordPage, LoginPage, SignedInPage } from './views/login';

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

/** The use case's answer, or null when it refused the account and password (said as `wrong`). */
function unlessWrong<T>(work: Promise<T>): Promise<T | null> {
  return work.catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'invalid_credentials') return null;
    throw err;
  });
}

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
  .get('/', (c) => renderPage(c, <LoginPage lang={pageLang(c)} />))
  .post('/', formBody, sameOriginForms, async (c) => {
    const form = await readForm(c);
    const lang = pageLang(c, null, form);
    const t = accountPagesText.in(lang.locale);
    const parsed = loginForm.safeParse({ email: form.email ?? '', password: form.password ?? '' });
    if (!parsed.success)
      return renderPage(
        c,
        <LoginPage
          lang={lang}
          email={form.email}
          errors={fieldErrors(invalidInput(parsed.error).fields, lang.locale)}
        />,
        422,
      );
    const { email, password } = parsed.data;
    const s = c.var.services;
    const signedIn = await unlessWrong(
      signInOnPage(s, { clientIp: s.clientIp(c), account: accountFromInput(email), password }),
    );
    if (!signedIn)
      return renderPage(
        c,
        <LoginPage lang={lang} email={email} errors={{ password: t.wrong }} />,
        401,
      );
    const { user } = signedIn;
    if (signedIn.mustChangePassword) {
      return renderPage(
        c,
        <ChangePasswordPage lang={lang} email={email} message={t.initialPassword} />,
      );
    }
    return renderPage(
      c,
      <SignedInPage
        lang={lang}
        name={user.name}
        email={user.email ?? user.phone ?? email}
        orgs={signedIn.memberships}
      />,
    );
  });

export const accountPageRoutes = pageRouter()
  .get('/password', (c) => renderPage(c, <ChangePasswordPage lang={pageLang(c)} />))
  .post('/password', formBody, sameOriginForms, async (c) => {
    const form = await readForm(c);
    const lang = pageLang(c, null, form);
    const t = accountPagesText.in(lang.locale);
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
          lang={lang}
          email={values.email}
          errors={fieldErrors(invalidInput(parsed.error).fields, lang.locale)}
        />,
        422,
      );
    const { email, currentPassword, newPassword } = parsed.data;
    const s = c.var.services;
    const changed = await unlessWrong(
      changePassword(s, {
        clientIp: s.clientIp(c),
        who: { account: accountFromInput(email) },
        locale: askedLocale(c, form),
        currentPassword,
        newPassword,
        via: 'page',
      }),
    );
    if (!changed)
      return renderPage(
        c,
        <ChangePasswordPage lang={lang} email={email} errors={{ currentPassword: t.wrong }} />,
        401,
      );
    s.deliverSoon(c);
    return renderPage(
      c,
      <MessagePage title={t.changedTitle} message={t.changed} lang={lang}>
        <SignInLink lang={lang} publicUrl={s.config.publicUrl} />
      </MessagePage>,
    );
  });
