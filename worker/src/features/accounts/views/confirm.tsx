/** `/confirm/:token`: an account that has a password confirms joining an organization. */
import { ErrorSummary, Field, Form, type FieldErrors } from '../../../http/forms';
import { Page } from '../../../http/layout';
import type { Brand } from '../../../lib/brand';
import { linkTo, type PageLang } from '../../../http/page-locale';
import { fill, fillParts } from '../../../i18n/text';
import { accountPagesText } from '../pages.text';
import { labelsIn } from './labels';

/**
 * One button when the link went to the account's proven sign-in address; otherwise the account's
 * password too, since whoever set that password may not be the address's owner
 * (features/accounts/proof.ts).
 */
export function ConfirmPage(props: {
  action: string;
  lang: PageLang;
  email: string;
  orgName: string;
  needsPassword?: 'unproven' | 'elsewhere';
  errors?: FieldErrors;
  brand?: Brand;
}) {
  const { lang } = props;
  const t = accountPagesText.in(lang.locale);
  const title = fill(t.joinTitle, { org: props.orgName });
  return (
    <Page title={title} lang={lang} brand={props.brand}>
      <h1>{title}</h1>
      <p>
        {fillParts(t.confirmText, {
          account: <strong>{props.email}</strong>,
          org: <strong>{props.orgName}</strong>,
        })}
      </p>
      <ErrorSummary errors={props.errors} labels={labelsIn(lang.locale)} lang={lang} />
      <Form
        action={props.action}
        lang={lang}
        aria-label={fill(t.confirmJoiningOf, { org: props.orgName })}
      >
        {props.needsPassword ? (
          <>
            <p>
              {fill(props.needsPassword === 'elsewhere' ? t.elsewhere : t.unproven, {
                account: props.email,
              })}
            </p>
            <input type="hidden" name="email" value={props.email} autocomplete="username" />
            <Field
              name="password"
              label={t.password}
              type="password"
              autocomplete="current-password"
              errors={props.errors}
            />
          </>
        ) : null}
        <button type="submit">{t.confirmJoining}</button>
      </Form>
      {props.needsPassword ? (
        <p class="muted">
          {fillParts(t.dontKnow, {
            link: <a href={linkTo('/reset-password', lang)}>{t.dontKnowLink}</a>,
            account: props.email,
          })}
        </p>
      ) : null}
    </Page>
  );
}
