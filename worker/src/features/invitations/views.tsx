/**
 * The hosted page to accept a personal invitation: who invites, to which organization and role, for
 * which address, until when, and a form — name and password for a new account, the password alone
 * for an address that already has one. When the link does not prove the address (a copied link, an
 * SMS for someone who signs in with e-mail), the page first sends a code to the address and asks
 * for it (features/accounts/verification-codes.ts); only then does it show which form applies, so the link's
 * holder learns nothing of the address's account before. No JavaScript; every value is escaped by
 * hono/jsx; errors are tied to their fields.
 */
import type { Role } from '../../../../shared/api/common';
import { MessagePage, Page } from '../../http/layout';
import { Field } from '../../http/forms';
import type { Brand } from '../../lib/brand';

const ROLE_NAMES: Record<Role, string> = {
  owner: 'an owner',
  admin: 'an admin',
  member: 'a member',
};

export interface InviteView {
  /** The organization's logo and colour. */
  brand?: Brand;
  action: string;
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
 * one was needed).
 */
export type InviteStep =
  | { step: 'send' }
  | { step: 'code'; sentUntil?: string }
  | { step: 'accept'; code?: string };

function SendCode(props: { action: string; address: string; again?: boolean }) {
  return (
    <form method="post" action={`${props.action}/code`}>
      {props.again ? null : (
        <p>
          To make sure this invitation is accepted by the person it is for, we send a code to{' '}
          <strong>{props.address}</strong>. Only someone who can read what arrives there can accept
          it.
        </p>
      )}
      <button type="submit" class={props.again ? 'secondary' : undefined}>
        {props.again ? 'Send a new code' : `Send a code to ${props.address}`}
      </button>
    </form>
  );
}

function AcceptForm(props: {
  v: InviteView;
  code?: string;
  name?: string;
  errors?: Record<string, string>;
}) {
  const existing = props.v.account === 'existing';
  return (
    <form method="post" action={props.v.action}>
      {props.code ? <input type="hidden" name="code" value={props.code} /> : null}
      {existing ? (
        <p>You already have an account with this address. Enter its password to accept.</p>
      ) : (
        <Field
          name="name"
          label="Your name"
          type="text"
          autocomplete="name"
          value={props.name}
          errors={props.errors}
          maxlength={100}
        />
      )}
      <Field
        name="password"
        label={existing ? 'Password' : 'Choose a password'}
        type="password"
        autocomplete={existing ? 'current-password' : 'new-password'}
        errors={props.errors}
        maxlength={200}
        hint={existing ? undefined : 'At least 10 characters.'}
      />
      <button type="submit">Accept the invitation</button>
      {existing ? (
        <p class="muted">
          Forgot it? <a href="/reset-password">Choose a new password</a> with a link sent to{' '}
          {props.v.address}, then open this invitation again.
        </p>
      ) : null}
    </form>
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
  return (
    <Page title={`Join ${v.orgName}`} brand={v.brand}>
      <h1>Join {v.orgName}</h1>
      <p>
        {v.inviterName} invited <strong>{v.address}</strong> to join {v.orgName} as{' '}
        {ROLE_NAMES[v.role]}.
      </p>
      <p class="muted">
        This invitation is for {v.address} alone and is valid until{' '}
        <time datetime={v.expires.iso}>{v.expires.text}</time>. If you are not {v.address}, do not
        accept it. Accepting here signs you in nowhere: in the Invitations extension, sign in as{' '}
        {v.address} afterwards (sign out first if it shows another account).
      </p>
      {props.problem ? (
        <p class="notice bad" role="alert">
          {props.problem}
        </p>
      ) : null}
      {s.step === 'send' ? <SendCode action={v.action} address={v.address} /> : null}
      {s.step === 'code' ? (
        <>
          {s.sentUntil ? (
            <p class="notice" role="status">
              We sent a code to {v.address}. It works until {s.sentUntil}.
            </p>
          ) : null}
          <form method="post" action={`${v.action}/verify`}>
            <Field
              name="code"
              label={`Code sent to ${v.address}`}
              type="text"
              inputmode="numeric"
              autocomplete="one-time-code"
              errors={props.errors}
              maxlength={16}
            />
            <button type="submit">Continue</button>
          </form>
          <SendCode action={v.action} address={v.address} again />
        </>
      ) : null}
      {s.step === 'accept' ? (
        <AcceptForm v={v} code={s.code} name={props.name} errors={props.errors} />
      ) : null}
    </Page>
  );
}

/** `loginLabel` names an address the organization chose as its own (mail/layout.ts). */
export function InviteAcceptedPage(props: {
  orgName: string;
  loginUrl: string;
  loginLabel: string;
  account: string;
  brand?: Brand;
}) {
  return (
    <Page title={`Welcome to ${props.orgName}`} brand={props.brand}>
      <h1>Welcome to {props.orgName}</h1>
      <p class="notice">You accepted the invitation and are now a member.</p>
      <p>
        Sign in as <strong>{props.account}</strong> with your password, in the Invitations extension
        or here: {props.loginLabel}: <a href={props.loginUrl}>{props.loginUrl}</a>
      </p>
    </Page>
  );
}

/**
 * Each dead end, with what to do next (the message of the failure when there is nothing better to
 * say).
 */
const PROBLEMS: Record<string, { title: string; next?: string; status: 404 | 410 | 403 | 409 }> = {
  not_found: {
    title: 'This invitation link is not valid',
    next: 'Check that you opened the whole address from the message, or ask the person who invited you for a new invitation.',
    status: 404,
  },
  invitation_expired: {
    title: 'This invitation has expired',
    next: 'Ask the person who invited you to send it again.',
    status: 410,
  },
  invitation_canceled: {
    title: 'This invitation was canceled',
    next: 'If you still want to join, ask the person who invited you for a new invitation.',
    status: 410,
  },
  invitation_accepted: {
    title: 'This invitation was already accepted',
    next: 'Sign in with the account that accepted it, at /login or in the Invitations extension.',
    status: 410,
  },
  forbidden: { title: 'This invitation can no longer be accepted', status: 403 },
  already_member: {
    title: 'You are already a member',
    next: 'Sign in at /login or in the Invitations extension.',
    status: 409,
  },
  conflict: { title: 'This invitation needs no code', status: 409 },
};

/** A page for an invitation that cannot be accepted, and its status code. */
export function inviteProblem(code: string, message: string) {
  const p = PROBLEMS[code] ?? { title: 'This invitation cannot be accepted', status: 410 as const };
  return {
    page: <MessagePage title={p.title} message={p.next ?? message} bad />,
    status: p.status,
  };
}
