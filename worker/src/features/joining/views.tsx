/**
 * The hosted join page of a general link: who invites you to what and until when, and a name +
 * e-mail form that posts back to the same address. Plus the pages for a submitted application and
 * for links that cannot be used.
 */
import { MessagePage, Page } from '../../http/layout';
import { ErrorSummary, Field, type FieldErrors } from '../../http/forms';
import type { Brand } from '../../lib/brand';

export interface JoinView {
  orgName: string;
  inviterName: string;
  requiresApproval: boolean;
  /**
   * Already formatted ("3 July 2026, 14:00 UTC"), with the ISO time for <time>; null: never
   * expires.
   */
  expires: { text: string; iso: string } | null;
}

const LABELS = { name: 'Your name', email: 'E-mail address' };

export function JoinPage(props: {
  action: string;
  view: JoinView;
  values?: { name?: string; email?: string };
  errors?: FieldErrors;
  brand?: Brand;
}) {
  const { view } = props;
  return (
    <Page title={`Join ${view.orgName}`} brand={props.brand}>
      <h1>Join {view.orgName}</h1>
      <p>
        <strong>{view.inviterName}</strong> invited you to join <strong>{view.orgName}</strong>.
      </p>
      <p class="muted">
        {view.expires ? (
          <>
            This invitation link is valid until{' '}
            <time datetime={view.expires.iso}>{view.expires.text}</time>.
          </>
        ) : (
          'This invitation link does not expire.'
        )}{' '}
        {view.requiresApproval
          ? 'An administrator reviews your request; you will get an e-mail once it is accepted.'
          : 'You will get an e-mail with your sign-in details right away.'}
      </p>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action={props.action} aria-label={`Apply to join ${view.orgName}`}>
        <Field
          name="name"
          label={LABELS.name}
          value={props.values?.name}
          autocomplete="name"
          maxlength={100}
          errors={props.errors}
        />
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          value={props.values?.email}
          autocomplete="email"
          maxlength={254}
          errors={props.errors}
        />
        <button type="submit">{view.requiresApproval ? 'Apply to join' : 'Join'}</button>
      </form>
    </Page>
  );
}

export function JoinSubmittedPage(props: {
  orgName: string;
  status: 'pending' | 'approved';
  brand?: Brand;
}) {
  const message =
    props.status === 'pending'
      ? `Thank you. Your request to join ${props.orgName} was sent. An administrator will review it, and you will get an e-mail once it is accepted.`
      : `Thank you. Check your e-mail: we sent you a message with your sign-in details for ${props.orgName}.`;
  return (
    <MessagePage
      title={props.status === 'pending' ? 'Application sent' : 'Check your e-mail'}
      message={message}
      brand={props.brand}
    />
  );
}

export type UnusableCode = 'not_found' | 'link_expired' | 'link_revoked' | 'link_exhausted';

const UNUSABLE: Record<UnusableCode, { title: string; message: (org: string) => string }> = {
  not_found: {
    title: 'Invitation link not valid',
    message: () =>
      'This invitation link is not valid. Check that you copied the whole address, or ask the person who invited you for a new link.',
  },
  link_expired: {
    title: 'Invitation link expired',
    message: (org) =>
      `This invitation link to ${org} has expired. Ask the person who invited you for a new one.`,
  },
  link_revoked: {
    title: 'Invitation link turned off',
    message: (org) =>
      `This invitation link to ${org} has been turned off. Ask the person who invited you for a new one.`,
  },
  link_exhausted: {
    title: 'Invitation link used up',
    message: (org) =>
      `This invitation link to ${org} has been used as many times as allowed. Ask the person who invited you for a new one.`,
  },
};

export function LinkUnusablePage(props: { code: UnusableCode; orgName?: string; brand?: Brand }) {
  const page = UNUSABLE[props.code];
  return (
    <MessagePage
      title={page.title}
      message={page.message(props.orgName ?? 'this organization')}
      bad
      brand={props.brand}
    />
  );
}
