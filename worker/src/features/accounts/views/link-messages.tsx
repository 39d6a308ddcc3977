/**
 * What the pages of single-use links say when they are done, or when a link opens nothing
 * (features/accounts/single-use-links.ts `LinkRefused`) — and what to do next, which depends on what
 * the link was for.
 */
import type { OrgSettings } from '../../../../../shared/api/orgs';
import { MessagePage } from '../../../http/layout';
import type { Brand } from '../../../lib/brand';
import { loginLabel } from '../../../mail/layout';
import { withDefaults } from '../../organizations/orgs';
import type { RefusalReason } from '../single-use-links';
import type { ActionPurpose } from '../action-tokens';

const USED: Record<ActionPurpose, string> = {
  reset_password:
    'If you chose a new password with it, sign in with that; otherwise ask for a new link at /reset-password.',
  set_password:
    'If you have set your password, sign in with it; if you have forgotten it, choose a new one at /reset-password.',
  confirm_join: 'If you confirmed with it, you have joined: sign in with your password.',
};

function refusal(purpose: ActionPurpose, reason: RefusalReason): [string, string] {
  switch (reason) {
    case 'not_found':
      return [
        'Link not valid',
        'This link is not valid. Check that you opened the whole address from the message.',
      ];
    case 'token_used':
      return ['Link already used', `This link has already been used. ${USED[purpose]}`];
    case 'link_expired':
      return [
        'Link expired',
        purpose === 'reset_password'
          ? 'This link has expired: a reset link works for an hour. Ask for a new one at /reset-password.'
          : 'This link has expired. Ask an administrator of the organization to send you a new one.',
      ];
    case 'sender_gone':
      return [
        'This invitation can no longer be used',
        'The person who sent it can no longer invite you. Ask an administrator of the organization for a new invitation.',
      ];
    case 'not_this_account':
      return [
        'This link cannot do that',
        "This link went to an address that does not let it set this account's password: the account already has a password, or its address changed. Sign in with the account's password, or choose a new one at /reset-password.",
      ];
    case 'withdrawn':
      return [
        'Invitation withdrawn',
        'This invitation no longer applies. Ask an administrator of the organization if you think this is a mistake.',
      ];
  }
}

/** A link that opens nothing: why, and what to do next. */
export function LinkRefusedPage(props: { purpose: ActionPurpose; reason: RefusalReason }) {
  const [title, message] = refusal(props.purpose, props.reason);
  return <MessagePage title={title} message={message} bad />;
}

type SignInOrg = { name: string; settings: OrgSettings } | null;

/**
 * Where to sign in, said as the organization's page when it chose one (mail/layout.ts
 * `loginLabel`).
 */
function signInAt(publicUrl: string, org: SignInOrg): string {
  const chosen = org ? withDefaults(org.settings).loginUrl : null;
  return `${loginLabel(org?.name ?? '', chosen !== null)}: ${chosen ?? `${publicUrl}/login`}`;
}

/** A password chosen through a link; `joinedNow` when that also made the account a member. */
export function PasswordSetPage(props: {
  publicUrl: string;
  account: string;
  org: SignInOrg;
  joinedNow: boolean;
  brand?: Brand;
}) {
  const joined = props.joinedNow && props.org ? ` You are now a member of ${props.org.name}.` : '';
  return (
    <MessagePage
      title="Your password is set"
      message={`You can now sign in with ${props.account} and your new password. ${signInAt(props.publicUrl, props.org)}.${joined}`}
      brand={props.brand}
    />
  );
}

/** An account that has a password joined, after a code proved its address. */
export function JoinedWithCodePage(props: {
  publicUrl: string;
  account: string;
  org: SignInOrg;
  brand?: Brand;
}) {
  return (
    <MessagePage
      title={`You joined ${props.org?.name ?? ''}`}
      message={`Sign in with ${props.account} and your password. ${signInAt(props.publicUrl, props.org)}`}
      brand={props.brand}
    />
  );
}

/** Joining confirmed through a confirm link. */
export function ConfirmedPage(props: {
  publicUrl: string;
  org: NonNullable<SignInOrg>;
  mustChangePassword: boolean;
  brand?: Brand;
}) {
  const { org } = props;
  const next = props.mustChangePassword
    ? 'Sign in with the initial password from your e-mail; you will be asked to choose your own password.'
    : 'Sign in with your existing password.';
  return (
    <MessagePage
      title={`You joined ${org.name}`}
      message={`You are now a member of ${org.name}. ${next} ${signInAt(props.publicUrl, org)}`}
      brand={props.brand}
    />
  );
}
