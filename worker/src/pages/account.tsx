/**
 * The small account pages a newcomer meets after the welcome message: set a password, confirm joining, sign in,
 * change a password (also after an initial one). Plain forms that post back to their own address.
 */
import { Page } from './layout';
import { ErrorSummary, Field, type FieldErrors } from './forms';

const LABELS = {
  email: 'E-mail address or phone number',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'New password again',
};
const PASSWORD_HINT = 'At least 10 characters. A few unrelated words make a good password.';

export function SetPasswordPage(props: { action: string; email: string; orgName: string | null; errors?: FieldErrors }) {
  return (
    <Page title="Choose your password">
      <h1>Choose your password</h1>
      <p>
        For your account <strong>{props.email}</strong>
        {props.orgName ? <> in {props.orgName}</> : null}.
      </p>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action={props.action} aria-label="Choose your password">
        <input type="hidden" name="email" value={props.email} autocomplete="username" />
        <Field name="newPassword" label={LABELS.newPassword} type="password" autocomplete="new-password" hint={PASSWORD_HINT} errors={props.errors} />
        <Field name="confirmPassword" label={LABELS.confirmPassword} type="password" autocomplete="new-password" errors={props.errors} />
        <button type="submit">Save password</button>
      </form>
    </Page>
  );
}

export function ConfirmPage(props: { action: string; email: string; orgName: string }) {
  return (
    <Page title={`Join ${props.orgName}`}>
      <h1>Join {props.orgName}</h1>
      <p>
        Confirm that your account <strong>{props.email}</strong> joins <strong>{props.orgName}</strong>.
      </p>
      <form method="post" action={props.action} aria-label={`Confirm joining ${props.orgName}`}>
        <button type="submit">Confirm joining</button>
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
        <Field name="email" label={LABELS.email} type="text" value={props.email} autocomplete="username" maxlength={254} errors={props.errors} />
        <Field name="password" label={LABELS.password} type="password" autocomplete="current-password" errors={props.errors} />
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">
        <a href="/account/password">Change your password</a>
      </p>
    </Page>
  );
}

export function SignedInPage(props: { name: string; email: string; orgs: { orgName: string; role: string }[] }) {
  return (
    <Page title="You are signed in">
      <h1>You are signed in</h1>
      <p class="notice">
        Welcome, {props.name}. Your account <strong>{props.email}</strong> works.
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
        <p>You are not an active member of any organization yet. If you were just accepted, follow the link in your welcome e-mail first.</p>
      )}
      <p>Next: open the Invitations browser extension from your toolbar and sign in there with the same e-mail address and password.</p>
    </Page>
  );
}

export function ChangePasswordPage(props: { email?: string; errors?: FieldErrors; message?: string }) {
  return (
    <Page title="Change your password">
      <h1>Change your password</h1>
      {props.message ? <p class="notice">{props.message}</p> : null}
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action="/account/password" aria-label="Change your password">
        <Field name="email" label={LABELS.email} type="text" value={props.email} autocomplete="username" maxlength={254} errors={props.errors} />
        <Field name="currentPassword" label={LABELS.currentPassword} type="password" autocomplete="current-password" errors={props.errors} />
        <Field name="newPassword" label={LABELS.newPassword} type="password" autocomplete="new-password" hint={PASSWORD_HINT} errors={props.errors} />
        <Field name="confirmPassword" label={LABELS.confirmPassword} type="password" autocomplete="new-password" errors={props.errors} />
        <button type="submit">Change password</button>
      </form>
    </Page>
  );
}
