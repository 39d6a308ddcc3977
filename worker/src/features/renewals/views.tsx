/**
 * The "ask for a new invitation" part of an expired invitation's or a spent link's page, and the
 * answer after it is sent. No JavaScript; every value is escaped by hono/jsx; errors are tied to
 * their fields; the page's language travels on in a hidden `lang` field.
 */
import type { Locale } from '../../../../shared/i18n';
import { fill } from '../../i18n/text';
import { MessagePage, Page } from '../../http/layout';
import { Field, type FieldErrors } from '../../http/forms';
import type { PageLang } from '../../http/page-locale';
import type { Brand } from '../../lib/brand';
import { renewalText } from './renewals.text';

export type AskCode = 'invitation_expired' | 'link_expired' | 'link_exhausted';

export interface AskView {
  action: string;
  code: AskCode;
  orgName: string;
  /** The organization's logo and colour. */
  brand?: Brand;
  locale: Locale;
  /** The `?lang=` the address named, kept by the page's links (http/page-locale.ts). */
  kept: Locale | null;
}

export function AskPage(props: {
  view: AskView;
  values?: { name?: string; email?: string };
  errors?: FieldErrors;
}) {
  const { view, errors } = props;
  const w = renewalText.in(view.locale);
  const title =
    view.code === 'invitation_expired'
      ? w.invitationExpiredTitle
      : view.code === 'link_expired'
        ? w.linkExpiredTitle
        : w.linkExhaustedTitle;
  const intro = view.code === 'invitation_expired' ? w.askIntroInvitation : w.askIntroLink;
  const problems = Object.values(errors ?? {});
  return (
    <Page title={title} lang={{ locale: view.locale, kept: view.kept }} brand={view.brand}>
      <h1>{title}</h1>
      <p class="notice bad">{fill(intro, { org: view.orgName })}</p>
      {problems.length ? (
        <div class="notice bad" role="alert">
          <p>
            <strong>{w.formProblem}</strong>
          </p>
          <ul>
            {problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={view.action} aria-label={w.askButton}>
        <input type="hidden" name="lang" value={view.locale} />
        <Field
          name="name"
          label={w.nameLabel}
          value={props.values?.name}
          autocomplete="name"
          maxlength={100}
          errors={errors}
        />
        {/* An expired invitation is renewed to the address it went to (ask.ts): no address asked. */}
        {view.code !== 'invitation_expired' && (
          <Field
            name="email"
            label={w.emailLabel}
            type="email"
            value={props.values?.email}
            autocomplete="email"
            maxlength={254}
            errors={errors}
          />
        )}
        <button type="submit">{w.askButton}</button>
      </form>
    </Page>
  );
}

export function AskSentPage(props: {
  source: 'invitation' | 'link';
  lang: PageLang;
  brand?: Brand;
}) {
  const w = renewalText.in(props.lang.locale);
  return (
    <MessagePage
      title={w.sentTitle}
      message={props.source === 'invitation' ? w.sentMessageInvitation : w.sentMessage}
      lang={props.lang}
      brand={props.brand}
    />
  );
}
