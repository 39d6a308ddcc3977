/**
 * The form to ask for a new invitation: shown on the page of an expired personal invitation
 * (`/invite/:token`) and of an expired or used-up general link (`/join/:token`) through
 * `offerRenewal`, posted to `POST /renew/invite/:token` or `POST /renew/join/:token` (same-origin
 * forms only). Every valid request gets the same "sent" page, whatever became of it
 * (features/renewals/ask.ts).
 */
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { emailSchema, personNameSchema } from '../../../../shared/api/common';
import type { Locale } from '../../../../shared/i18n';
import type { AppEnv } from '../../env';
import type { Brand } from '../../lib/brand';
import { sameOriginForms } from '../../http/middleware/csrf';
import { askedLocale, pageLang } from '../../http/page-locale';
import { formBody, pageRouter, readForm, renderPage } from '../../http/page-router';
import { pageBrand } from '../organizations/branding';
import { askForRenewal, renewalOffer, type RenewalSource } from './ask';
import { renewalText } from './renewals.text';
import { AskPage, AskSentPage, type AskCode } from './views';
import type { PageLang } from '../../http/page-locale';

/** A spent link's form names the asker's address; an expired invitation's asks only a name. */
const ASK_SCHEMAS = {
  link: z.object({ name: personNameSchema, email: emailSchema }),
  invitation: z.object({ name: personNameSchema }),
} as const;

const PATHS: Record<RenewalSource, string> = { invitation: 'invite', link: 'join' };
const actionOf = (source: RenewalSource, token: string) =>
  `/renew/${PATHS[source]}/${encodeURIComponent(token)}`;

const langOf = (lang: PageLang) => ({ locale: lang.locale, kept: lang.kept });

/**
 * The form on the page of a token that offers it, with what that page read already (an expired
 * invitation's or a spent link's organization and language): no read of its own.
 */
export function offerRenewal(
  c: Context<AppEnv>,
  source: RenewalSource,
  token: string,
  found: { code: AskCode; orgName: string; language: Locale; brand: Brand },
): Promise<Response> {
  const view = {
    action: actionOf(source, token),
    code: found.code,
    orgName: found.orgName,
    brand: found.brand,
    ...langOf(pageLang(c, found.language)),
  };
  return renderPage(c, <AskPage view={view} />, 410);
}

function route(source: RenewalSource) {
  return async (c: Context<AppEnv>) => {
    const s = c.var.services;
    const token = c.req.param('token') ?? '';
    const form = await readForm(c);
    const values =
      source === 'link'
        ? { name: form.name ?? '', email: form.email ?? '' }
        : { name: form.name ?? '' };
    const parsed = ASK_SCHEMAS[source].safeParse(values);
    if (!parsed.success) {
      const offer = await renewalOffer(s, source, token);
      if (!offer.ok) return c.redirect(`/${PATHS[source]}/${encodeURIComponent(token)}`, 303);
      const lang = pageLang(c, offer.settings.language, form);
      const w = renewalText.in(lang.locale);
      const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
      const errors: Record<string, string> = {};
      if (bad.has('name')) errors.name = w.nameProblem;
      if (bad.has('email')) errors.email = w.emailProblem;
      const view = {
        action: actionOf(source, token),
        code: offer.code,
        orgName: offer.orgName,
        brand: pageBrand(c, offer.brand),
        ...langOf(lang),
      };
      return renderPage(c, <AskPage view={view} values={values} errors={errors} />, 422);
    }
    const outcome = await askForRenewal(s, {
      source,
      token,
      ...(parsed.data as { name: string; email?: string }),
      locale: askedLocale(c, form),
      clientIp: s.clientIp(c),
    });
    // A token whose page offers no form (any more): back to its own page, which says why.
    if (!outcome.ok) return c.redirect(`/${PATHS[source]}/${encodeURIComponent(token)}`, 303);
    return renderPage(
      c,
      <AskSentPage
        source={source}
        lang={pageLang(c, outcome.settings.language, form)}
        brand={pageBrand(c, outcome.brand)}
      />,
    );
  };
}

export const renewalPageRoutes = pageRouter()
  // The address bar after the form: opening it again goes back to the page it came from.
  .get('/invite/:token', (c) =>
    c.redirect(`/invite/${encodeURIComponent(c.req.param('token'))}`, 303),
  )
  .get('/join/:token', (c) => c.redirect(`/join/${encodeURIComponent(c.req.param('token'))}`, 303))
  .post('/invite/:token', formBody, sameOriginForms, route('invitation'))
  .post('/join/:token', formBody, sameOriginForms, route('link'));
