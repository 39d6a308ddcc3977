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
import {
  formBody,
  pageRouter,
  readForm,
  renderPage,
  repeatsNewPassword,
} from '../../http/page-router';
import { formatTime } from '../../lib/time';
import { accountFromInput } from './credentials';
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
import { linkPage, refusedInput, tokenOf } from './single-use-link-page';
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
    extra: { errors?: Record<string, string>; code?: CodeStep; name?: string } = {},
    status: 200 | 401 | 403 | 422 = 200,
  ) =>
    renderPage(
      c,
      <SetPasswordPage
        action={c.req.path}
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
        if (link.allows === 'set') return page(c, link);
        const address = link.info.account;
        return page(c, link, {
          code: link.codeSentUntil
            ? { step: 'enter', address, sentUntil: formatTime(link.codeSentUntil) }
            : { step: 'send', address },
        });
      }),
    )
    .post(
      '/:token',
      formBody,
      sameOriginForms,
      linkPage(purpose, async (c) => {
        const s = c.var.services;
        const link = await openPasswordLink(s, { purpose, token: tokenOf(c) });
        const form = await readForm(c);
        const address = link.info.account;
        try {
          const done = await setPasswordThroughLink(s, {
            link,
            clientIp: s.clientIp(c),
            code: (form.code ?? '').slice(0, 16),
            password: readPasswordForm(link, form),
          });
          if (done.done === 'joined')
            return renderPage(
              c,
              <JoinedWithCodePage
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
              { errors: fieldErrors(err.fields), code: { step: 'enter', address } },
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
            { errors: fieldErrors(err.fields), name: form.name, ...(again ? { code: again } : {}) },
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
  code: CodeStep,
  extra: { errors?: Record<string, string>; name?: string } = {},
) => (
  <SetPasswordPage
    action={`/set-password/${tokenOf(c)}`}
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
export const setPasswordPageRoutes = passwordPage('set_password')
  .get('/:token/code', (c) =>
    c.redirect(`/set-password/${encodeURIComponent(c.req.param('token'))}`, 303),
  )
  .get('/:token/verify', (c) =>
    c.redirect(`/set-password/${encodeURIComponent(c.req.param('token'))}`, 303),
  )
  .post(
    '/:token/verify',
    formBody,
    sameOriginForms,
    linkPage('set_password', async (c) => {
      const s = c.var.services;
      const link = await openCodeLink(s, { token: tokenOf(c) });
      const address = link.info.account;
      const name = firstPassword(link.info) ? link.info.user.name : undefined;
      const code = ((await readForm(c)).code ?? '').replace(/\s+/g, '').slice(0, 16);
      if (!/^\d{8}$/.test(code))
        return renderPage(
          c,
          codePage(
            c,
            link,
            { step: 'enter', address },
            { errors: { code: 'Enter the 8 digits from the message.' }, name },
          ),
          422,
        );
      try {
        // Only now, with the address proven, does the page say whether the account already has a
        // password.
        const step = await checkLinkCode(s, { link, code, clientIp: s.clientIp(c) });
        return renderPage(c, codePage(c, link, { step, address, code }, { name }));
      } catch (err) {
        if (!refusedInput(err, 'invalid_credentials', 'verification_required')) throw err;
        return renderPage(
          c,
          codePage(c, link, { step: 'enter', address }, { errors: fieldErrors(err.fields), name }),
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
      const link = await openCodeLink(s, { token: tokenOf(c) });
      const until = await sendLinkCode(s, { link, clientIp: s.clientIp(c) });
      s.deliverSoon(c);
      const address = link.info.account;
      return renderPage(
        c,
        codePage(c, link, { step: 'enter', address, sentUntil: formatTime(until) }),
      );
    }),
  );

const resetForm = z.object({ email: trimmedString(254, 1) });

/** `/reset-password` (ask for a link) and `/reset-password/:token` (use it). */
export const resetPasswordPageRoutes = passwordPage('reset_password')
  .get('/', (c) => renderPage(c, <ResetRequestPage />))
  .post('/', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const form = await readForm(c);
    const parsed = resetForm.safeParse({ email: form.email ?? '' });
    if (!parsed.success)
      return renderPage(
        c,
        <ResetRequestPage
          email={form.email}
          errors={fieldErrors(invalidInput(parsed.error).fields)}
        />,
        422,
      );
    const account = accountFromInput(parsed.data.email);
    await resetInBackground(s, c, { clientIp: s.clientIp(c), account });
    return renderPage(c, <ResetRequestPage email={parsed.data.email} sent />);
  });
