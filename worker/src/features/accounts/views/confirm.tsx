/** `/confirm/:token`: an account that has a password confirms joining an organization. */
import { Page } from '../../../http/layout';
import { ErrorSummary, Field, type FieldErrors } from '../../../http/forms';
import type { Brand } from '../../../lib/brand';
import { LABELS } from './labels';

/**
 * One button when the link went to the account's proven sign-in address; otherwise the account's
 * password too, since whoever set that password may not be the address's owner
 * (features/accounts/proof.ts).
 */
export function ConfirmPage(props: {
  action: string;
  email: string;
  orgName: string;
  needsPassword?: 'unproven' | 'elsewhere';
  errors?: FieldErrors;
  brand?: Brand;
}) {
  return (
    <Page title={`Join ${props.orgName}`} brand={props.brand}>
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
