/**
 * `/set-password/:token` and `/reset-password/:token`: choose a password, after proving the
 * account's e-mail address with a code when the link came by SMS.
 */
import { Page } from '../../../http/layout';
import { ErrorSummary, Field, type FieldErrors } from '../../../http/forms';
import type { Brand } from '../../../lib/brand';
import { LABELS } from './labels';
import { NewPasswordFields } from './new-password-fields';

/**
 * When the link went to a phone beside the account's e-mail address, the address is proven first,
 * in steps: `send` offers a code to it, `enter` asks for the code; after it, `password` (an account
 * without one) or `join` (an account that has one: the code proved the owner, nothing is asked of
 * the password) — so nothing says which before the code.
 */
export type CodeStep =
  | { step: 'send' | 'enter'; address: string; sentUntil?: string }
  | { step: 'password' | 'join'; address: string; code: string };

export function SetPasswordPage(props: {
  action: string;
  email: string;
  orgName: string | null;
  reset?: boolean;
  errors?: FieldErrors;
  code?: CodeStep;
  name?: string;
  brand?: Brand;
}) {
  const code = props.code;
  const joining = code?.step === 'join';
  const title = joining
    ? `Join ${props.orgName ?? ''}`
    : props.reset
      ? 'Choose a new password'
      : 'Choose your password';
  return (
    <Page title={title} brand={props.brand}>
      <h1>{title}</h1>
      <p>
        For your account <strong>{props.email}</strong>
        {props.orgName && !joining ? <> in {props.orgName}</> : null}.
        {props.reset ? ' Every session of the account is signed out when you save it.' : null}
      </p>
      <ErrorSummary errors={props.errors} labels={{ ...LABELS, code: 'Code' }} />
      {code?.step === 'send' ? (
        <form
          method="post"
          action={`${props.action}/code`}
          aria-label="Confirm your e-mail address"
        >
          <p>
            This link came by SMS, and your account signs in with <strong>{code.address}</strong>.
            To make sure the account is yours, we send a code to that address first.
          </p>
          <button type="submit">{`Send a code to ${code.address}`}</button>
        </form>
      ) : null}
      {code?.step === 'enter' ? (
        <>
          {code.sentUntil ? (
            <p class="notice" role="status">
              We sent a code to {code.address}. It works until {code.sentUntil}.
            </p>
          ) : null}
          <form method="post" action={`${props.action}/verify`} aria-label="Enter the code">
            <Field
              name="code"
              label={`Code sent to ${code.address}`}
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              maxlength={16}
              errors={props.errors}
            />
            <button type="submit">Continue</button>
          </form>
          <form method="post" action={`${props.action}/code`}>
            <button type="submit" class="secondary">
              Send a new code
            </button>
          </form>
        </>
      ) : null}
      {joining ? (
        <form
          method="post"
          action={props.action}
          aria-label={`Confirm joining ${props.orgName ?? ''}`}
        >
          <input type="hidden" name="code" value={code.code} />
          <p>You already have an account with this address, and the code showed it is yours.</p>
          <button type="submit">Confirm joining</button>
        </form>
      ) : null}
      {!code || code.step === 'password' ? (
        <PasswordForm
          action={props.action}
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
  email: string;
  errors?: FieldErrors;
  code?: string;
  name?: string;
}) {
  return (
    <form method="post" action={props.action} aria-label="Choose your password">
      {props.code ? <input type="hidden" name="code" value={props.code} /> : null}
      {props.name !== undefined ? (
        <Field
          name="name"
          label="Your name"
          type="text"
          autocomplete="name"
          value={props.name}
          maxlength={100}
          errors={props.errors}
        />
      ) : null}
      <input type="hidden" name="email" value={props.email} autocomplete="username" />
      <NewPasswordFields errors={props.errors} />
      <button type="submit">Save password</button>
    </form>
  );
}
