/**
 * What the pages of single-use links say when they are done, or when a link opens nothing
 * (features/accounts/single-use-links.ts `LinkRefused`) — and what to do next, which depends on what
 * the link was for. The pages that end a flow link to where to sign in (http/sign-in-link.tsx).
 */
import type { OrgSettings } from '../../../../../shared/api/orgs';
import { MessagePage } from '../../../http/layout';
import type { PageLang } from '../../../http/page-locale';
import { SignInLink } from '../../../http/sign-in-link';
import { fill } from '../../../i18n/text';
import type { Brand } from '../../../lib/brand';
import { withDefaults } from '../../organizations/orgs';
import type { ActionPurpose } from '../action-tokens';
import { accountPagesText } from '../pages.text';
import type { RefusalReason } from '../single-use-links';

type Words = ReturnType<typeof accountPagesText.in>;

const USED: Record<ActionPurpose, keyof Words> = {
  reset_password: 'usedReset',
  set_password: 'usedSet',
  confirm_join: 'usedConfirm',
};

function refusal(t: Words, purpose: ActionPurpose, reason: RefusalReason): [string, string] {
  switch (reason) {
    case 'not_found':
      return [t.notFoundTitle, t.notFound];
    case 'token_used':
      return [t.usedTitle, fill(t.used, { next: t[USED[purpose]] })];
    case 'link_expired':
      return [t.expiredTitle, purpose === 'reset_password' ? t.expiredReset : t.expired];
    case 'sender_gone':
      return [t.senderGoneTitle, t.senderGone];
    case 'not_this_account':
      return [t.notThisAccountTitle, t.notThisAccount];
    case 'withdrawn':
      return [t.withdrawnTitle, t.withdrawn];
  }
}

/** A link that opens nothing: why, and what to do next. */
export function LinkRefusedPage(props: {
  purpose: ActionPurpose;
  reason: RefusalReason;
  lang: PageLang;
}) {
  const [title, message] = refusal(
    accountPagesText.in(props.lang.locale),
    props.purpose,
    props.reason,
  );
  return <MessagePage title={title} message={message} lang={props.lang} bad />;
}

type SignInOrg = { name: string; settings: OrgSettings } | null;

/** Where to sign in: the organization's page when it chose one, else `/login`. */
const SignInFor = (props: { lang: PageLang; publicUrl: string; org: SignInOrg }) => (
  <SignInLink
    lang={props.lang}
    publicUrl={props.publicUrl}
    org={
      props.org
        ? { name: props.org.name, loginUrl: withDefaults(props.org.settings).loginUrl ?? null }
        : null
    }
  />
);

/** A password chosen through a link; `joinedNow` when that also made the account a member. */
export function PasswordSetPage(props: {
  lang: PageLang;
  publicUrl: string;
  account: string;
  org: SignInOrg;
  joinedNow: boolean;
  brand?: Brand;
}) {
  const t = accountPagesText.in(props.lang.locale);
  const set = fill(t.set, { account: props.account });
  const joined =
    props.joinedNow && props.org ? ` ${fill(t.joinedNow, { org: props.org.name })}` : '';
  return (
    <MessagePage
      title={t.setTitle}
      message={`${set}${joined}`}
      lang={props.lang}
      brand={props.brand}
    >
      <SignInFor lang={props.lang} publicUrl={props.publicUrl} org={props.org} />
    </MessagePage>
  );
}

/** An account that has a password joined, after a code proved its address. */
export function JoinedWithCodePage(props: {
  lang: PageLang;
  publicUrl: string;
  account: string;
  org: SignInOrg;
  brand?: Brand;
}) {
  const t = accountPagesText.in(props.lang.locale);
  return (
    <MessagePage
      title={fill(t.joinedTitle, { org: props.org?.name ?? '' })}
      message={fill(t.joinedWithCode, { account: props.account })}
      lang={props.lang}
      brand={props.brand}
    >
      <SignInFor lang={props.lang} publicUrl={props.publicUrl} org={props.org} />
    </MessagePage>
  );
}

/** Joining confirmed through a confirm link. */
export function ConfirmedPage(props: {
  lang: PageLang;
  publicUrl: string;
  org: NonNullable<SignInOrg>;
  mustChangePassword: boolean;
  brand?: Brand;
}) {
  const { org } = props;
  const t = accountPagesText.in(props.lang.locale);
  const next = props.mustChangePassword ? t.initialNext : t.existingNext;
  return (
    <MessagePage
      title={fill(t.joinedTitle, { org: org.name })}
      message={`${fill(t.joinedNow, { org: org.name })} ${next}`}
      lang={props.lang}
      brand={props.brand}
    >
      <SignInFor lang={props.lang} publicUrl={props.publicUrl} org={org} />
    </MessagePage>
  );
}
