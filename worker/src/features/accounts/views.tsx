/**
 * The small account pages a newcomer meets after the welcome message: set a password, confirm
 * joining, sign in, change a password (also after an initial one), ask for a new one. Plain forms
 * that post back to their own address.
 */
import { Page } from '../../http/layout';
import { ErrorSummary, Field, type FieldErrors } from '../../http/forms';

const LABELS = {
  email: 'E-mail address or phone number',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'New password again',
};
const PASSWORD_HINT = 'At least 10 characters. A few unrelated words make a good password.';

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
}) {
  const code = props.code;
  const joining = code?.step === 'join';
  const title = joining
    ? `Join ${props.orgName ?? ''}`
    : props.reset
      ? 'Choose a new password'
      : 'Choose your password';
  return (
    <Page title={title}>
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
      <Field
        name="newPassword"
        label={LABELS.newPassword}
        type="password"
        autocomplete="new-password"
        hint={PASSWORD_HINT}
        errors={props.errors}
      />
      <Field
        name="confirmPassword"
        label={LABELS.confirmPassword}
        type="password"
        autocomplete="new-password"
        errors={props.errors}
      />
      <button type="submit">Save password</button>
    </form>
  );
}

/**
 * One button when the link went to the account's proven sign-in address; otherwise the account's
 * password too, since whoever set that password may not be the address's owner (features/accounts/proof.ts).
 */
export function ConfirmPage(props: {
  action: string;
  email: string;
  orgName: string;
  needsPassword?: 'unproven' | 'elsewhere';
  errors?: FieldErrors;
}) {
  return (
    <Page title={`Join ${props.orgName}`}>
      <h1>Join {props.orgName}</h1>
      <p>
        Confirm that your account <strong>{props.email}</strong> joins{' '}
        <strong>{props.orgName}</strong>.
      </p>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action={props.action} aria-label={`Confirm joining ${props.orgName}`}>
        {props.needsPassword ? (
          <>
            <p>
              {props.needsPassword === 'elsewhere'
                ? `This link came to another address than the one the account signs in with (${props.email}), so enter the account's password as well.`
                : `The address ${props.email} has not been confirmed for this account yet, so enter the account's password as well.`}
            </p>
            <input type="hidden" name="email" value={props.email} autocomplete="username" />
            <Field
              name="password"
              label={LABELS.password}
              type="password"
              autocomplete="current-password"
              errors={props.errors}
            />
          </>
        ) : null}
        <button type="submit">Confirm joining</button>
      </form>
      {props.needsPassword ? (
        <p class="muted">
          Don't know your password? <a href="/reset-password">Choose a new one</a> with a link sent
          to {props.email}, then open this link again.
        </p>
      ) : null}
    </Page>
  );
}

/** "Forgot your password?": where to send a link to choose a new one. */
export function ResetRequestPage(props: { email?: string; errors?: FieldErrors; sent?: boolean }) {
  return (
    <Page title="Choose a new password">
      <h1>Choose a new password</h1>
      {props.sent ? (
        <p class="notice" role="status">
          If an account signs in with {props.email}, a link to choose a new password is on its way
          there. It works once, for an hour.
        </p>
      ) : null}
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form
        method="post"
        action="/reset-password"
        aria-label="Send a link to choose a new password"
      >
        <Field
          name="email"
          label={LABELS.email}
          type="text"
          value={props.email}
          autocomplete="username"
          maxlength={254}
          errors={props.errors}
        />
        <button type="submit">Send me a link</button>
      </form>
    </Page>
  );
}

export function LoginPage(props: { email?: string; errors?: FieldErrors; message?: string }) {
  return (
    <Page title="Sign in">
      <h1>Sign in</h1>
      {props.message ? <p class="notice">{props.message}</p> : null}
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action="/login" aria-label="Sign in">
        <Field
          name="email"
          label={LABELS.email}
          type="text"
          value={props.email}
          autocomplete="username"
          maxlength={254}
          errors={props.errors}
        />
        <Field
          name="password"
          label={LABELS.password}
          type="password"
          autocomplete="current-password"
          errors={props.errors}
        />
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">
        <a href="/reset-password">Forgot your password?</a> ·{' '}
        <a href="/account/password">Change your password</a>
      </p>
    </Page>
  );
}

export function SignedInPage(props: {
  name: string;
  email: string;
  orgs: { orgName: string; role: string }[];
}) {
  return (
    <Page title="Your account works">
      <h1>Your account works</h1>
      <p class="notice">
        Welcome, {props.name}. Your account <strong>{props.email}</strong> and its password work.
      </p>
      {props.orgs.length ? (
        <>
          <p>You are a member of:</p>
          <ul>
            {props.orgs.map((o) => (
              <li>{`${o.orgName} (${o.role})`}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          You are not an active member of any organization yet. If you were just accepted, follow
          the link in your welcome e-mail first.
        </p>
      )}
      <p>
        This page keeps no one signed in. Next: open the Invitations browser extension from your
        toolbar and sign in there as <strong>{props.email}</strong> with the same password.
      </p>
    </Page>
  );
}

export function ChangePasswordPage(props: {
  email?: string;
  errors?: FieldErrors;
  message?: string;
}) {
  return (
    <Page title="Change your password">
      <h1>Change your password</h1>
      {props.message ? <p class="notice">{props.message}</p> : null}
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action="/account/password" aria-label="Change your password">
        <Field
          name="email"
          label={LABELS.email}
          type="text"
          value={props.email}
          autocomplete="username"
          maxlength={254}
          errors={props.errors}
        />
        <Field
          name="currentPassword"
          label={LABELS.currentPassword}
          type="password"
          autocomplete="current-password"
          errors={props.errors}
        />
        <Field
          name="newPassword"
          label={LABELS.newPassword}
          type="password"
          autocomplete="new-password"
          hint={PASSWORD_HINT}
          errors={props.errors}
        />
        <Field
          name="confirmPassword"
          label={LABELS.confirmPassword}
          type="password"
          autocomplete="new-password"
          errors={props.errors}
        />
        <button type="submit">Change password</button>
      </form>
    </Page>
  );
}
