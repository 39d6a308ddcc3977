/**
 * The pages of an account that knows (or forgot) its password: `/login`, what a working sign-in
 * shows, `/account/password` and `/reset-password`. Plain forms that post back to their own
 * address, in the page's language (pages.text.ts).
 */
import { ErrorSummary, Field, Form, type FieldErrors } from '../../../http/forms';
import { Page } from '../../../http/layout';
import { linkTo, type PageLang } from '../../../http/page-locale';
import { fill, fillParts } from '../../../i18n/text';
import { accountPagesText } from '../pages.text';
import { labelsIn } from './labels';
import { NewPasswordFields } from './new-password-fields';

/** "Forgot your password?": where to send a link to choose a new one. */
export function ResetRequestPage(props: {
  lang: PageLang;
  email?: string;
  errors?: FieldErrors;
  sent?: boolean;
}) {
  const { lang } = props;
  const t = accountPagesText.in(lang.locale);
  return (
    <Page title={t.resetTitle} lang={lang}>
      <h1>{t.resetTitle}</h1>
      {props.sent ? (
        <p class="notice" role="status">
          {fill(t.resetSent, { account: props.email ?? '' })}
        </p>
      ) : null}
      <ErrorSummary errors={props.errors} labels={labelsIn(lang.locale)} lang={lang} />
      <Form action="/reset-password" lang={lang} aria-label={t.resetFormLabel}>
        <Field
          name="email"
          label={t.email}
          type="text"
          value={props.email}
          autocomplete="username"
          maxlength={254}
          errors={props.errors}
        />
        <button type="submit">{t.sendLink}</button>
      </Form>
    </Page>
  );
}

export function LoginPage(props: {
  lang: PageLang;
  email?: string;
  errors?: FieldErrors;
  message?: string;
}) {
  const { lang } = props;
  const t = accountPagesText.in(lang.locale);
  return (
    <Page title={t.signIn} lang={lang}>
      <h1>{t.signIn}</h1>
      {props.message ? <p class="notice">{props.message}</p> : null}
      <ErrorSummary errors={props.errors} labels={labelsIn(lang.locale)} lang={lang} />
      <Form action="/login" lang={lang} aria-label={t.signIn}>
        <Field
          name="email"
          label={t.email}
          type="text"
          value={props.email}
          autocomplete="username"
          maxlength={254}
          errors={props.errors}
        />
        <Field
          name="password"
          label={t.password}
          type="password"
          autocomplete="current-password"
          errors={props.errors}
        />
        <button type="submit">{t.signIn}</button>
      </Form>
      <p class="muted">
        <a href={linkTo('/reset-password', lang)}>{t.forgotPassword}</a> ·{' '}
        <a href={linkTo('/account/password', lang)}>{t.changePassword}</a>
      </p>
    </Page>
  );
}

const ROLE_WORDS = { owner: 'owner', admin: 'admin', member: 'member' } as const;

export function SignedInPage(props: {
  lang: PageLang;
  name: string;
  email: string;
  orgs: { orgName: string; role: string }[];
}) {
  const { lang } = props;
  const t = accountPagesText.in(lang.locale);
  const roleName = (role: string) =>
    role in ROLE_WORDS ? t[ROLE_WORDS[role as keyof typeof ROLE_WORDS]] : role;
  return (
    <Page title={t.worksTitle} lang={lang}>
      <h1>{t.worksTitle}</h1>
      <p class="notice">
        {fillParts(t.welcome, { name: props.name, account: <strong>{props.email}</strong> })}
      </p>
      {props.orgs.length ? (
        <>
          <p>{t.memberOf}</p>
          <ul>
            {props.orgs.map((o) => (
              <li>{fill(t.orgRole, { org: o.orgName, role: roleName(o.role) })}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t.notMember}</p>
      )}
      <p>{fillParts(t.nextExtension, { account: <strong>{props.email}</strong> })}</p>
    </Page>
  );
}

export function ChangePasswordPage(props: {
  lang: PageLang;
  email?: string;
  errors?: FieldErrors;
  message?: string;
}) {
  const { lang } = props;
  const t = accountPagesText.in(lang.locale);
  return (
    <Page title={t.changePassword} lang={lang}>
      <h1>{t.changePassword}</h1>
      {props.message ? <p class="notice">{props.message}</p> : null}
      <ErrorSummary errors={props.errors} labels={labelsIn(lang.locale)} lang={lang} />
      <Form action="/account/password" lang={lang} aria-label={t.changePassword}>
        <Field
          name="email"
          label={t.email}
          type="text"
          value={props.email}
          autocomplete="username"
          maxlength={254}
          errors={props.errors}
        />
        <Field
          name="currentPassword"
          label={t.currentPassword}
          type="password"
          autocomplete="current-password"
          errors={props.errors}
        />
        <NewPasswordFields errors={props.errors} lang={lang} />
        <button type="submit">{t.changeButton}</button>
      </Form>
    </Page>
  );
}
