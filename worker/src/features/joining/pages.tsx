/**
 * The hosted join page `GET /join/:token` and its form `POST /join/:token`. Opening the page (GET,
 * HEAD, a mail scanner, a chat preview) changes nothing; the form is refused from other origins
 * (http/middleware/csrf.ts), and it runs the same logic as `POST /api/join/:token` (features/joining/apply.ts).
 * The page speaks the reader's language (http/page-locale.ts), else the organization's.
 */
import type { Context } from 'hono';
import { applyRequestSchema } from '../../../../shared/api/links';
import type { AppEnv } from '../../env';
import { invalidInput } from '../../errors';
import { fieldErrors } from '../../http/forms';
import { MessagePage } from '../../http/layout';
import { sameOriginForms } from '../../http/middleware/csrf';
import { askedLocale, pageLang, type PageLang } from '../../http/page-locale';
import { formBody, pageRouter, readForm, renderPage } from '../../http/page-router';
import { formatDateTime } from '../../i18n/dates';
import { fill } from '../../i18n/text';
import type { JoinTarget, LinkLookup } from '../links/links';
import { type ApplyOutcome, applyThroughLink, lookupForJoin } from './apply';
import { joinError } from './join-api';
import { joiningPagesText } from './pages.text';
import {
  JoinPage,
  type JoinView,
  JoinSubmittedPage,
  LinkUnusablePage,
  type UnusableCode,
} from './views';
import { pageBrand } from '../organizations/branding';
import { offerRenewal } from '../renewals/pages';

const view = ({ org, inviterName, link }: JoinTarget, lang: PageLang): JoinView => ({
  orgName: org.name,
  inviterName,
  requiresApproval: link.requiresApproval,
  expires:
    link.expiresAt === null
      ? null
      : {
          text: formatDateTime(link.expiresAt, lang.locale, org.settings.timeZone),
          iso: new Date(link.expiresAt).toISOString(),
        },
});

/** The page's language: the reader's, else the language of the link's organization. */
const langOf = (
  c: Context<AppEnv>,
  found: LinkLookup | ApplyOutcome,
  form?: Record<string, string>,
) => pageLang(c, 'target' in found ? found.target.org.settings.language : null, form);

/**
 * A link that cannot be used (unknown: 404; expired, turned off, used up: 410), in its
 * organization's brand when the link was found.
 */
function unusable(
  c: Context<AppEnv>,
  code: UnusableCode,
  org: JoinTarget['org'] | undefined,
  lang: PageLang,
) {
  return renderPage(
    c,
    <LinkUnusablePage
      code={code}
      orgName={org?.name}
      lang={lang}
      brand={org && pageBrand(c, org)}
    />,
    code === 'not_found' ? 404 : 410,
  );
}

/** The link's organization, when the link was found. */
const orgOf = (found: LinkLookup | ApplyOutcome) =>
  'target' in found ? found.target.org : undefined;

export const joinPageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const found = await lookupForJoin(s, token, s.clientIp(c));
    const lang = langOf(c, found);
    // An expired or used-up link's page offers to ask for a new invitation (features/renewals/).
    if (!found.ok && (found.code === 'link_expired' || found.code === 'link_exhausted')) {
      const { org } = found.target;
      const known = {
        code: found.code,
        orgName: org.name,
        language: org.settings.language,
        brand: pageBrand(c, org),
      };
      return offerRenewal(c, 'link', token, known);
    }
    if (!found.ok) return unusable(c, found.code, orgOf(found), lang);
    return renderPage(
      c,
      <JoinPage
        action={`/join/${token}`}
        lang={lang}
        view={view(found.target, lang)}
        brand={pageBrand(c, found.target.org)}
      />,
    );
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const form = await readForm(c);
    const values = { name: form.name ?? '', email: form.email ?? '' };
    const parsed = applyRequestSchema.safeParse(values);
    if (!parsed.success) {
      const found = await lookupForJoin(s, token, s.clientIp(c));
      const lang = langOf(c, found, form);
      if (!found.ok) return unusable(c, found.code, orgOf(found), lang);
      const errors = fieldErrors(invalidInput(parsed.error).fields, lang.locale);
      return renderPage(
        c,
        <JoinPage
          action={`/join/${token}`}
          lang={lang}
          view={view(found.target, lang)}
          values={values}
          errors={errors}
          brand={pageBrand(c, found.target.org)}
        />,
        422,
      );
    }
    const asked = { ...parsed.data, locale: askedLocale(c, form) };
    const outcome = await applyThroughLink(s, token, asked, s.clientIp(c));
    const lang = langOf(c, outcome, form);
    if (outcome.ok) {
      if (outcome.queued) s.deliverSoon(c);
      const { org } = outcome.target;
      return renderPage(
        c,
        <JoinSubmittedPage
          orgName={org.name}
          status={outcome.status}
          lang={lang}
          publicUrl={s.config.publicUrl}
          loginUrl={org.settings.loginUrl ?? null}
          brand={pageBrand(c, org)}
        />,
      );
    }
    switch (outcome.code) {
      case 'already_applied': {
        const t = joiningPagesText.in(lang.locale);
        return renderPage(
          c,
          <MessagePage
            title={t.alreadyTitle}
            message={fill(t.already, { org: outcome.target.org.name })}
            lang={lang}
            brand={pageBrand(c, outcome.target.org)}
          />,
          409,
        );
      }
      case 'email_domain': {
        const errors = fieldErrors(joinError(outcome).fields, lang.locale);
        return renderPage(
          c,
          <JoinPage
            action={`/join/${token}`}
            lang={lang}
            view={view(outcome.target, lang)}
            values={values}
            errors={errors}
            brand={pageBrand(c, outcome.target.org)}
          />,
          422,
        );
      }
      default:
        return unusable(c, outcome.code, orgOf(outcome), lang);
    }
  });
