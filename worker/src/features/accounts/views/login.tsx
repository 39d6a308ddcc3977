/**
 * The pages of an account that knows (or forgot) its password: `/login`, what a working sign-in
 * shows, `/account/password` and `/reset-password`. Plain forms that post back to their own
 * address.
 */
import { Page } from '../../../http/layout';
import { ErrorSummary, Field, type FieldErrors } from '../../../http/forms';
import { LABELS } from './labels';
import { NewPasswordFields } from './new-password-fields';

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
        <NewPasswordFields errors={props.errors} />
        <button type="submit">Change password</button>
      </form>
    </Page>
  );
}
