/**
 * The pages behind the single-use links in messages: `/set-password/:token` (a newcomer chooses a
 * password), `/reset-password/:token` (anyone chooses a new one, after "Forgot your password?"),
 * `/confirm/:token` (an account with a password confirms joining; its routes are in
 * features/accounts/confirm-pages.tsx), and `/reset-password`, the form that asks for such a link.
 * Opening a link page changes nothing; the explicit POST uses the token. The work is the use
 * cases' (features/accounts/set-password.ts, features/accounts/single-use-link-codes.ts,
 * features/accounts/password-reset.ts); these routes read the form, call them and render the page —
 * a link that opens nothing (`LinkRefused`) as its own page.
 */
import * as z from 'zod/mini';
import {
  maxString,
  passwordSchema,
  personNameSchema,
  trimmedString,
} from '../../../../shared/api/common';
import type { AppContext } from '../../env';
import { invalidInput } from '../../errors';
import { fieldErrors } from '../../http/forms';
import { sameOriginForms } from '../../http/middleware/csrf';
import { askedLocale, keepLang, pageLang, type PageLang } from '../../http/page-locale';
import {
  formBody,
  pageRouter,
  readForm,
  renderPage,
  repeatsNewPassword,
} from '../../http/page-router';
import { formatDateTime } from '../../i18n/dates';
import { accountFromInput } from './credentials';
import { accountPagesText } from './pages.text';
import { checkLinkCode, openCodeLink, sendLinkCode, type CodeLink } from './single-use-link-codes';
import { resetInBackground } from './password-reset';
import {
  firstPassword,
  openPasswordLink,
  setPasswordThroughLink,
  viewPasswordLink,
  type PasswordLink,
  type PasswordPurpose,
  type SetPasswordInput,
} from './set-password';
import { linkLang, linkPage, linkTimeZone, refusedInput, tokenOf } from './single-use-link-page';
import { JoinedWithCodePage, PasswordSetPage } from './views/link-messages';
import { ResetRequestPage } from './views/login';
import { SetPasswordPage, type CodeStep } from './views/set-password';
import { pageBrand } from '../organizations/branding';

const newPasswordForm = z
  .object({ newPassword: passwordSchema, confirmPassword: maxString(200) })
  .check(repeatsNewPassword);

/**
 * The password form, read for the use case: the new password and, with a first password, the
 * person's name — or what was wrong with them.
 */
function readPasswordForm(
  link: PasswordLink,
  form: Record<string, string>,
): SetPasswordInput['password'] {
  const parsed = newPasswordForm.safeParse({
    newPassword: form.newPassword ?? '',
    confirmPassword: form.confirmPassword ?? '',
  });
  const name =
    firstPassword(link.info) && form.name !== undefined
      ? personNameSchema.safeParse(form.name)
      : null;
  if (parsed.success && (!name || name.success))
    return { newPassword: parsed.data.newPassword, ...(name ? { name: name.data } : {}) };
  return {
    invalid: {
      ...(parsed.success ? {} : invalidInput(parsed.error).fields),
      ...(name && !name.success ? { name: name.error.issues[0]?.message ?? 'is not valid' } : {}),
    },
  };
}

/**
 * `/set-password/:token` and `/reset-password/:token`: the same page, for a newcomer or after
 * "Forgot your password?".
 */
function passwordPage(purpose: PasswordPurpose) {
  const page = (
    c: AppContext,
    link: PasswordLink,
    lang: PageLang,
    extra: { errors?: Record<string, string>; code?: CodeStep; name?: string } = {},
    status: 200 | 401 | 403 | 422 = 200,
  ) =>
    renderPage(
      c,
      <SetPasswordPage
        action={c.req.path}
        lang={lang}
        email={link.info.account}
        orgName={link.info.org?.name ?? null}
        reset={purpose === 'reset_password'}
        name={firstPassword(link.info) ? (extra.name ?? link.user.name) : undefined}
        brand={link.info.org ? pageBrand(c, link.info.org) : undefined}
        {...extra}
      />,
      status,
    );
  return pageRouter()
    .get(
      '/:token',
      linkPage(purpose, async (c) => {
        const link = await viewPasswordLink(c.var.services, { purpose, token: tokenOf(c) });
        const lang = linkLang(c, link.info.org);
        if (link.allows === 'set') return page(c, link, lang);
        const address = link.info.account;
        const sentUntil = link.codeSentUntil
          ? formatDateTime(link.codeSentUntil, lang.locale, linkTimeZone(link.info.org))
          : undefined;
        return page(c, link, lang, {
          code: sentUntil ? { step: 'enter', address, sentUntil } : { step: 'send', address },
        });
      }),
    )
    .post(
      '/:token',
      formBody,
      sameOriginForms,
      linkPage(purpose, async (c) => {
        const s = c.var.services;
        const form = await readForm(c);
        const link = await openPasswordLink(s, { purpose, token: tokenOf(c) });
        const lang = linkLang(c, link.info.org, form);
        const address = link.info.account;
        try {
          const done = await setPasswordThroughLink(s, {
            link,
            clientIp: s.clientIp(c),
            code: (form.code ?? '').slice(0, 16),
            password: readPasswordForm(link, form),
            locale: askedLocale(c, form),
          });
          if (done.done === 'joined')
            return renderPage(
              c,
              <JoinedWithCodePage
                lang={lang}
                publicUrl={s.config.publicUrl}
                account={address}
                org={link.info.org}
                brand={link.info.org ? pageBrand(c, link.info.org) : undefined}
              />,
            );
          s.deliverSoon(c);
          return renderPage(
            c,
            <PasswordSetPage
              lang={lang}
              publicUrl={s.config.publicUrl}
              account={address}
              org={link.info.org}
              joinedNow={done.joinedNow}
              brand={link.info.org ? pageBrand(c, link.info.org) : undefined}
            />,
          );
        } catch (err) {
          if (refusedInput(err, 'invalid_credentials', 'verification_required'))
            return page(
              c,
              link,
              lang,
              { errors: fieldErrors(err.fields, lang.locale), code: { step: 'enter', address } },
              err.code === 'invalid_credentials' ? 401 : 403,
            );
          if (!refusedInput(err, 'invalid_input')) throw err;
          const again: CodeStep | undefined =
            link.allows === 'code'
              ? { step: 'password', address, code: form.code ?? '' }
              : undefined;
          return page(
            c,
            link,
            lang,
            {
              errors: fieldErrors(err.fields, lang.locale),
              name: form.name,
              ...(again ? { code: again } : {}),
            },
            422,
          );
        }
      }),
    );
}

/** The set-password page at a code step. */
const codePage = (
  c: AppContext,
  link: CodeLink,
  lang: PageLang,
  code: CodeStep,
  extra: { errors?: Record<string, string>; name?: string } = {},
) => (
  <SetPasswordPage
    action={`/set-password/${tokenOf(c)}`}
    lang={lang}
    email={link.info.account}
    orgName={link.info.org.name}
    code={code}
    brand={pageBrand(c, link.info.org)}
    {...extra}
  />
);

/**
 * A set-password link that came by SMS for an account that signs in with e-mail: a code to that
 * address first.
 */
const backToLink = (c: AppContext) =>
  c.redirect(keepLang(`/set-password/${encodeURIComponent(tokenOf(c))}`, pageLang(c)), 303);

export const setPasswordPageRoutes = passwordPage('set_password')
  .get('/:token/code', backToLink)
  .get('/:token/verify', backToLink)
  .post(
    '/:token/verify',
    formBody,
    sameOriginForms,
    linkPage('set_password', async (c) => {
      const s = c.var.services;
      const form = await readForm(c);
      const link = await openCodeLink(s, { token: tokenOf(c) });
      const lang = linkLang(c, link.info.org, form);
      const address = link.info.account;
      const name = firstPassword(link.info) ? link.info.user.name : undefined;
      const code = (form.code ?? '').replace(/\s+/g, '').slice(0, 16);
      if (!/^\d{8}$/.test(code))
        return renderPage(
          c,
          codePage(
            c,
            link,
            lang,
            { step: 'enter', address },
            { errors: { code: accountPagesText.in(lang.locale).enterDigits }, name },
          ),
          422,
        );
      try {
        // Only now, with the address proven, does the page say whether the account already has a
        // password.
        const step = await checkLinkCode(s, { link, code, clientIp: s.clientIp(c) });
        return renderPage(c, codePage(c, link, lang, { step, address, code }, { name }));
      } catch (err) {
        if (!refusedInput(err, 'invalid_credentials', 'verification_required')) throw err;
        return renderPage(
          c,
          codePage(
            c,
            link,
            lang,
            { step: 'enter', address },
            { errors: fieldErrors(err.fields, lang.locale), name },
          ),
          err.status,
        );
      }
    }),
  )
  .post(
    '/:token/code',
    formBody,
    sameOriginForms,
    linkPage('set_password', async (c) => {
      const s = c.var.services;
      const form = await readForm(c);
      const link = await openCodeLink(s, { token: tokenOf(c) });
      const lang = linkLang(c, link.info.org, form);
      const locale = askedLocale(c, form);
      const until = await sendLinkCode(s, { link, clientIp: s.clientIp(c), locale });
      s.deliverSoon(c);
      const address = link.info.account;
      const sentUntil = formatDateTime(until, lang.locale, linkTimeZone(link.info.org));
      return renderPage(c, codePage(c, link, lang, { step: 'enter', address, sentUntil }));
    }),
  );

const resetForm = z.object({ email: trimmedString(254, 1) });

/** `/reset-password` (ask for a link) and `/reset-password/:token` (use it). */
export const resetPasswordPageRoutes = passwordPage('reset_password')
  .get('/', (c) => renderPage(c, <ResetRequestPage lang={pageLang(c)} />))
  .post('/', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const form = await readForm(c);
    const lang = pageLang(c, null, form);
    const parsed = resetForm.safeParse({ email: form.email ?? '' });
    if (!parsed.success)
      return renderPage(
        c,
        <ResetRequestPage
          lang={lang}
          email={form.email}
          errors={fieldErrors(invalidInput(parsed.error).fields, lang.locale)}
        />,
        422,
      );
    const account = accountFromInput(parsed.data.email);
    const locale = askedLocale(c, form);
    await resetInBackground(s, c, { clientIp: s.clientIp(c), account, locale });
    return renderPage(c, <ResetRequestPage lang={lang} email={parsed.data.email} sent />);
  });
