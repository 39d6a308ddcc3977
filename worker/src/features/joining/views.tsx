/**
 * The hosted join page of a general link: who invites you to what and until when, and a name +
 * e-mail form that posts back to the same address. Plus the pages for a submitted application and
 * for links that cannot be used. The words are in pages.text.ts.
 */
import { ErrorSummary, Field, Form, type FieldErrors } from '../../http/forms';
import { MessagePage, Page } from '../../http/layout';
import type { PageLang } from '../../http/page-locale';
import { SignInLink } from '../../http/sign-in-link';
import { fill, fillParts } from '../../i18n/text';
import type { Brand } from '../../lib/brand';
import { joiningPagesText } from './pages.text';

export interface JoinView {
  orgName: string;
  inviterName: string;
  requiresApproval: boolean;
  /**
   * Already formatted in the page's language and the organization's zone, with the ISO time for
   * <time>; null: never expires.
   */
  expires: { text: string; iso: string } | null;
}

export function JoinPage(props: {
  action: string;
  lang: PageLang;
  view: JoinView;
  values?: { name?: string; email?: string };
  errors?: FieldErrors;
  brand?: Brand;
}) {
  const { view, lang } = props;
  const t = joiningPagesText.in(lang.locale);
  const labels = { name: t.name, email: t.email };
  const title = fill(t.title, { org: view.orgName });
  return (
    <Page title={title} lang={lang} brand={props.brand}>
      <h1>{title}</h1>
      <p>
        {fillParts(t.invited, {
          inviter: <strong>{view.inviterName}</strong>,
          org: <strong>{view.orgName}</strong>,
        })}
      </p>
      <p class="muted">
        {view.expires
          ? fillParts(t.validUntil, {
              date: <time datetime={view.expires.iso}>{view.expires.text}</time>,
            })
          : t.noExpiry}{' '}
        {view.requiresApproval ? t.reviewed : t.immediate}
      </p>
      <ErrorSummary errors={props.errors} labels={labels} lang={lang} />
      <Form action={props.action} lang={lang} aria-label={fill(t.formLabel, { org: view.orgName })}>
        <Field
          name="name"
          label={labels.name}
          value={props.values?.name}
          autocomplete="name"
          maxlength={100}
          errors={props.errors}
        />
        <Field
          name="email"
          label={labels.email}
          type="email"
          value={props.values?.email}
          autocomplete="email"
          maxlength={254}
          errors={props.errors}
        />
        <button type="submit">{view.requiresApproval ? t.apply : t.join}</button>
      </Form>
    </Page>
  );
}

export function JoinSubmittedPage(props: {
  orgName: string;
  status: 'pending' | 'approved';
  lang: PageLang;
  publicUrl: string;
  loginUrl: string | null;
  brand?: Brand;
}) {
  const t = joiningPagesText.in(props.lang.locale);
  const pending = props.status === 'pending';
  return (
    <MessagePage
      title={pending ? t.pendingTitle : t.approvedTitle}
      message={fill(pending ? t.pending : t.approved, { org: props.orgName })}
      lang={props.lang}
      brand={props.brand}
    >
      <p class="muted">{t.signInLater}</p>
      <SignInLink
        lang={props.lang}
        publicUrl={props.publicUrl}
        org={{ name: props.orgName, loginUrl: props.loginUrl }}
      />
    </MessagePage>
  );
}

export type UnusableCode = 'not_found' | 'link_expired' | 'link_revoked' | 'link_exhausted';

type JoinWord = keyof ReturnType<typeof joiningPagesText.in>;
const UNUSABLE: Record<UnusableCode, [title: JoinWord, message: JoinWord]> = {
  not_found: ['notFoundTitle', 'notFound'],
  link_expired: ['expiredTitle', 'expired'],
  link_revoked: ['revokedTitle', 'revoked'],
  link_exhausted: ['exhaustedTitle', 'exhausted'],
};

export function LinkUnusablePage(props: {
  code: UnusableCode;
  orgName?: string;
  lang: PageLang;
  brand?: Brand;
}) {
  const t = joiningPagesText.in(props.lang.locale);
  const [title, message] = UNUSABLE[props.code];
  return (
    <MessagePage
      title={t[title]}
      message={fill(t[message], { org: props.orgName ?? t.thisOrg })}
      lang={props.lang}
      bad
      brand={props.brand}
    />
  );
}
