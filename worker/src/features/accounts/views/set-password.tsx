/**
 * `/set-password/:token` and `/reset-password/:token`: choose a password, after proving the
 * account's e-mail address with a code when the link came by SMS.
 */
import { ErrorSummary, Field, Form, type FieldErrors } from '../../../http/forms';
import { Page } from '../../../http/layout';
import type { PageLang } from '../../../http/page-locale';
import { fill, fillParts } from '../../../i18n/text';
import type { Brand } from '../../../lib/brand';
import { accountPagesText } from '../pages.text';
import { labelsIn } from './labels';
import { NewPasswordFields } from './new-password-fields';

/**
 * When the link went to a phone beside the account's e-mail address, the address is proven first,
 * in steps: `send` offers a code to it, `enter` asks for the code; after it, `password` (an account
 * without one) or `join` (an account that has one: the code proved the owner, nothing is asked of
 * the password) — so nothing says which before the code. `sentUntil` is written in the page's
 * language already.
 */
export type CodeStep =
  | { step: 'send' | 'enter'; address: string; sentUntil?: string }
  | { step: 'password' | 'join'; address: string; code: string };

export function SetPasswordPage(props: {
  action: string;
  lang: PageLang;
  email: string;
  orgName: string | null;
  reset?: boolean;
  errors?: FieldErrors;
  code?: CodeStep;
  name?: string;
  brand?: Brand;
}) {
  const { lang } = props;
  const t = accountPagesText.in(lang.locale);
  const code = props.code;
  const joining = code?.step === 'join';
  const title = joining
    ? fill(t.joinTitle, { org: props.orgName ?? '' })
    : props.reset
      ? t.resetTitle
      : t.chooseTitle;
  const account = <strong>{props.email}</strong>;
  return (
    <Page title={title} lang={lang} brand={props.brand}>
      <h1>{title}</h1>
      <p>
        {props.orgName && !joining
          ? fillParts(t.forAccountIn, { account, org: props.orgName })
          : fillParts(t.forAccount, { account })}
        {props.reset ? ` ${t.sessionsEnd}` : null}
      </p>
      <ErrorSummary errors={props.errors} labels={labelsIn(lang.locale)} lang={lang} />
      {code?.step === 'send' ? (
        <Form action={`${props.action}/code`} lang={lang} aria-label={t.confirmAddress}>
          <p>{fillParts(t.smsCode, { address: <strong>{code.address}</strong> })}</p>
          <button type="submit">{fill(t.sendCode, { address: code.address })}</button>
        </Form>
      ) : null}
      {code?.step === 'enter' ? (
        <>
          {code.sentUntil ? (
            <p class="notice" role="status">
              {fill(t.codeSent, { address: code.address, date: code.sentUntil })}
            </p>
          ) : null}
          <Form action={`${props.action}/verify`} lang={lang} aria-label={t.enterCode}>
            <Field
              name="code"
              label={fill(t.codeLabel, { address: code.address })}
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              maxlength={16}
              errors={props.errors}
            />
            <button type="submit">{t.continue}</button>
          </Form>
          <Form action={`${props.action}/code`} lang={lang}>
            <button type="submit" class="secondary">
              {t.sendNewCode}
            </button>
          </Form>
        </>
      ) : null}
      {joining ? (
        <Form
          action={props.action}
          lang={lang}
          aria-label={fill(t.confirmJoiningOf, { org: props.orgName ?? '' })}
        >
          <input type="hidden" name="code" value={code.code} />
          <p>{t.codeShowed}</p>
          <button type="submit">{t.confirmJoining}</button>
        </Form>
      ) : null}
      {!code || code.step === 'password' ? (
        <PasswordForm
          action={props.action}
          lang={lang}
          email={props.email}
          errors={props.errors}
          code={code?.step === 'password' ? code.code : undefined}
          name={props.name}
        />
      ) : null}
    </Page>
  );
}

/**
 * `name` (a first password): the account's name is the person's to give, whatever an organization
 * typed for it.
 */
function PasswordForm(props: {
  action: string;
  lang: PageLang;
  email: string;
  errors?: FieldErrors;
  code?: string;
  name?: string;
}) {
  const t = accountPagesText.in(props.lang.locale);
  return (
    <Form action={props.action} lang={props.lang} aria-label={t.chooseTitle}>
      {props.code ? <input type="hidden" name="code" value={props.code} /> : null}
      {props.name !== undefined ? (
        <Field
          name="name"
          label={t.name}
          type="text"
          autocomplete="name"
          value={props.name}
          maxlength={100}
          errors={props.errors}
        />
      ) : null}
      <input type="hidden" name="email" value={props.email} autocomplete="username" />
      <NewPasswordFields errors={props.errors} lang={props.lang} />
      <button type="submit">{t.savePassword}</button>
    </Form>
  );
}
