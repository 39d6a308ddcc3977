/**
 * Where to sign in, as a link on the pages that end a flow (a password set, an invitation
 * accepted, a join confirmed): the organization's own sign-in page when it chose one (named as its,
 * never as this service's), else this service's `/login` in the page's language.
 */
import { fillParts } from '../i18n/text';
import { linkTo, type PageLang } from './page-locale';
import { signInLinkText } from './sign-in-link.text';

export function SignInLink(props: {
  lang: PageLang;
  publicUrl: string;
  org?: { name: string; loginUrl: string | null } | null;
}) {
  const t = signInLinkText.in(props.lang.locale);
  const chosen = props.org?.loginUrl ?? null;
  if (chosen && props.org)
    return (
      <p class="sign-in">
        {fillParts(t.orgPage, { org: props.org.name })} <a href={chosen}>{chosen}</a>
      </p>
    );
  return (
    <p class="sign-in">
      <a href={linkTo(`${props.publicUrl}/login`, props.lang)}>{t.signIn}</a>
    </p>
  );
}
