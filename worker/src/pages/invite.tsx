/**
 * The hosted page to accept a personal invitation: who invites, to which organization and role, until when, and a
 * form — name and password for a new account, the password alone for an address that already has one. No
 * JavaScript; every value is escaped by hono/jsx; errors are tied to their fields for screen readers.
 */
import type { Role } from '../../../shared/api/common';
import { MessagePage, Page } from './layout';
import { Field } from './forms';

const ROLE_NAMES: Record<Role, string> = { owner: 'an owner', admin: 'an admin', member: 'a member' };

export interface InviteView {
  action: string;
  orgName: string;
  inviterName: string;
  role: Role;
  address: string;
  expires: { text: string; iso: string };
  account: 'new' | 'existing';
}

export function InvitePage(props: { view: InviteView; name?: string; errors?: Record<string, string>; problem?: string }) {
  const v = props.view;
  const existing = v.account === 'existing';
  return (
    <Page title={`Join ${v.orgName}`}>
      <h1>Join {v.orgName}</h1>
      <p>
        {v.inviterName} invited <strong>{v.address}</strong> to join {v.orgName} as {ROLE_NAMES[v.role]}.
      </p>
      <p class="muted">
        This invitation is valid until <time datetime={v.expires.iso}>{v.expires.text}</time>.
      </p>
      {props.problem ? (
        <p class="notice bad" role="alert">
          {props.problem}
        </p>
      ) : null}
      <form method="post" action={v.action}>
        {existing ? (
          <p>You already have an account with this address. Enter its password to accept.</p>
        ) : (
          <Field name="name" label="Your name" type="text" autocomplete="name" value={props.name} errors={props.errors} maxlength={100} />
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
      </form>
    </Page>
  );
}

export function InviteAcceptedPage(props: { orgName: string; loginUrl: string; account: string }) {
  return (
    <Page title={`Welcome to ${props.orgName}`}>
      <h1>Welcome to {props.orgName}</h1>
      <p class="notice">You accepted the invitation and are now a member.</p>
      <p>
        Sign in at <a href={props.loginUrl}>{props.loginUrl}</a> as <strong>{props.account}</strong> with your password, or in the Invitations extension.
      </p>
    </Page>
  );
}

const PROBLEMS: Record<string, { title: string; status: 404 | 410 | 403 | 409 }> = {
  not_found: { title: 'This invitation link is not valid', status: 404 },
  invitation_expired: { title: 'This invitation has expired', status: 410 },
  invitation_canceled: { title: 'This invitation was canceled', status: 410 },
  invitation_accepted: { title: 'This invitation was already accepted', status: 410 },
  forbidden: { title: 'This invitation can no longer be accepted', status: 403 },
  already_member: { title: 'You are already a member', status: 409 },
};

/** A page for an invitation that cannot be accepted, and its status code. */
export function inviteProblem(code: string, message: string) {
  const p = PROBLEMS[code] ?? { title: 'This invitation cannot be accepted', status: 410 as const };
  return { page: <MessagePage title={p.title} message={message} bad />, status: p.status };
}
