/**
 * The hosted page to accept a personal invitation: who invites, to which organization and role, for
 * which address, until when, and a form — name and password for a new account, the password alone
 * for an address that already has one. When the link does not prove the address (a copied link, an
 * SMS for someone who signs in with e-mail), the page first sends a code to the address and asks
 * for it (features/accounts/verification-codes.ts); only then does it show which form applies, so the link's
 * holder learns nothing of the address's account before. No JavaScript; every value is escaped by
 * hono/jsx; errors are tied to their fields. The words are in pages.text.ts.
 */
import type { Role } from '../../../../shared/api/common';
import { Field, Form } from '../../http/forms';
import { MessagePage, Page } from '../../http/layout';
import { linkTo, type PageLang } from '../../http/page-locale';
import { SignInLink } from '../../http/sign-in-link';
import { fill, fillParts } from '../../i18n/text';
import type { Brand } from '../../lib/brand';
import { invitePagesText } from './pages.text';

type Words = ReturnType<typeof invitePagesText.in>;

const ROLE_WORDS: Record<Role, keyof Words> = {
  owner: 'roleOwner',
  admin: 'roleAdmin',
  member: 'roleMember',
};

export interface InviteView {
  /** The organization's logo and colour. */
  brand?: Brand;
  action: string;
  lang: PageLang;
  orgName: string;
  inviterName: string;
  role: Role;
  address: string;
  expires: { text: string; iso: string };
  /**
   * What accepting asks for; unknown until the address is proven when the link does not prove it.
   */
  account: 'new' | 'existing' | null;
  /** The link does not prove the address: a code sent there does. */
  needsCode: boolean;
}

/**
 * Which step the page shows: send a code, enter it, or accept (with the code that was checked, when
 * one was needed). `sentUntil` is already written in the page's language.
 */
export type InviteStep =
  | { step: 'send' }
  | { step: 'code'; sentUntil?: string }
  | { step: 'accept'; code?: string };

function SendCode(props: { v: InviteView; again?: boolean }) {
  const t = invitePagesText.in(props.v.lang.locale);
  const address = props.v.address;
  return (
    <Form action={`${props.v.action}/code`} lang={props.v.lang}>
      {props.again ? null : <p>{fillParts(t.whyCode, { address: <strong>{address}</strong> })}</p>}
      <button type="submit" class={props.again ? 'secondary' : undefined}>
        {props.again ? t.sendNewCode : fill(t.sendCode, { address })}
      </button>
    </Form>
  );
}

function AcceptForm(props: {
  v: InviteView;
  code?: string;
  name?: string;
  errors?: Record<string, string>;
}) {
  const { v } = props;
  const t = invitePagesText.in(v.lang.locale);
  const existing = v.account === 'existing';
  return (
    <Form action={v.action} lang={v.lang}>
      {props.code ? <input type="hidden" name="code" value={props.code} /> : null}
      {existing ? (
        <p>{t.existingAccount}</p>
      ) : (
        <Field
          name="name"
          label={t.name}
          type="text"
          autocomplete="name"
          value={props.name}
          errors={props.errors}
          maxlength={100}
        />
      )}
      <Field
        name="password"
        label={existing ? t.password : t.choosePassword}
        type="password"
        autocomplete={existing ? 'current-password' : 'new-password'}
        errors={props.errors}
        maxlength={200}
        hint={existing ? undefined : t.passwordHint}
      />
      <button type="submit">{t.accept}</button>
      {existing ? (
        <p class="muted">
          {fillParts(t.forgot, {
            link: <a href={linkTo('/reset-password', v.lang)}>{t.forgotLink}</a>,
            address: v.address,
          })}
        </p>
      ) : null}
    </Form>
  );
}

export function InvitePage(props: {
  view: InviteView;
  step: InviteStep;
  name?: string;
  errors?: Record<string, string>;
  problem?: string;
}) {
  const v = props.view;
  const s = props.step;
  const t = invitePagesText.in(v.lang.locale);
  const title = fill(t.title, { org: v.orgName });
  return (
    <Page title={title} lang={v.lang} brand={v.brand}>
      <h1>{title}</h1>
      <p>
        {fillParts(t.invited, {
          inviter: v.inviterName,
          address: <strong>{v.address}</strong>,
          org: v.orgName,
          role: t[ROLE_WORDS[v.role]],
        })}
      </p>
      <p class="muted">
        {fillParts(t.forYouAlone, {
          address: v.address,
          date: <time datetime={v.expires.iso}>{v.expires.text}</time>,
        })}
      </p>
      {props.problem ? (
        <p class="notice bad" role="alert">
          {props.problem}
        </p>
      ) : null}
      {s.step === 'send' ? <SendCode v={v} /> : null}
      {s.step === 'code' ? (
        <>
          {s.sentUntil ? (
            <p class="notice" role="status">
              {fill(t.codeSent, { address: v.address, date: s.sentUntil })}
            </p>
          ) : null}
          <Form action={`${v.action}/verify`} lang={v.lang}>
            <Field
              name="code"
              label={fill(t.codeLabel, { address: v.address })}
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              errors={props.errors}
              maxlength={16}
            />
            <button type="submit">{t.continue}</button>
          </Form>
          <SendCode v={v} again />
        </>
      ) : null}
      {s.step === 'accept' ? (
        <AcceptForm v={v} code={s.code} name={props.name} errors={props.errors} />
      ) : null}
    </Page>
  );
}

/** `org.loginUrl`: the sign-in page the organization chose, if any (http/sign-in-link.tsx). */
export function InviteAcceptedPage(props: {
  lang: PageLang;
  publicUrl: string;
  org: { name: string; loginUrl: string | null };
  account: string;
  brand?: Brand;
}) {
  const t = invitePagesText.in(props.lang.locale);
  const title = fill(t.welcomeTitle, { org: props.org.name });
  return (
    <Page title={title} lang={props.lang} brand={props.brand}>
      <h1>{title}</h1>
      <p class="notice">{t.accepted}</p>
      <p>{fillParts(t.signInAs, { account: <strong>{props.account}</strong> })}</p>
      <SignInLink lang={props.lang} publicUrl={props.publicUrl} org={props.org} />
    </Page>
  );
}

/**
 * Each dead end, with what to do next, and whether it ends with a link to sign in. English pages
 * say a conflict in the use case's own words (what changed meanwhile).
 */
const PROBLEMS: Record<
  string,
  { title: keyof Words; next: keyof Words; status: 404 | 410 | 403 | 409; signIn?: true }
> = {
  not_found: { title: 'notFoundTitle', next: 'notFound', status: 404 },
  invitation_expired: { title: 'expiredTitle', next: 'expired', status: 410 },
  invitation_canceled: { title: 'canceledTitle', next: 'canceled', status: 410 },
  invitation_accepted: {
    title: 'acceptedTitle',
    next: 'alreadyAccepted',
    status: 410,
    signIn: true,
  },
  forbidden: { title: 'forbiddenTitle', next: 'forbidden', status: 403 },
  already_member: { title: 'memberTitle', next: 'member', status: 409, signIn: true },
  no_code_needed: { title: 'noCodeTitle', next: 'noCode', status: 409 },
  conflict: { title: 'otherTitle', next: 'conflict', status: 409 },
};

/** A page for an invitation that cannot be accepted, and its status code. */
export function inviteProblem(
  failure: { code: string; message: string },
  lang: PageLang,
  publicUrl: string,
) {
  const t = invitePagesText.in(lang.locale);
  const p = PROBLEMS[failure.code] ?? {
    title: 'otherTitle',
    next: 'other',
    status: 410 as const,
  };
  const message = failure.code === 'conflict' && lang.locale === 'en' ? failure.message : t[p.next];
  return {
    page: (
      <MessagePage title={t[p.title]} message={message} lang={lang} bad>
        {p.signIn ? <SignInLink lang={lang} publicUrl={publicUrl} /> : null}
      </MessagePage>
    ),
    status: p.status,
  };
}

/**
 * What went wrong with an answer on the page, in its language: by the failure's code and the field
 * it concerns. English pages keep the use case's own sentence.
 */
export function answerProblem(
  failure: { code: string; message: string; fields?: Record<string, string> },
  lang: PageLang,
  address: string,
): string {
  if (lang.locale === 'en') return failure.message;
  const t = invitePagesText.in(lang.locale);
  const onCode = failure.fields?.code;
  switch (failure.code) {
    case 'invalid_credentials':
      return onCode !== undefined ? t.codeWrong : fill(t.passwordWrong, { address });
    case 'verification_required':
      return onCode === 'is required' ? fill(t.codeFirst, { address }) : t.codeStale;
    case 'invalid_input':
      return t.fixFields;
    default:
      return t.tryAgain;
  }
}
