/**
 * What the pages of single-use links share: the token of the URL, the page's language, and
 * refusals rendered as pages.
 */
import type { OrgSettings } from '../../../../shared/api/orgs';
import type { AppContext } from '../../env';
import { AppError } from '../../errors';
import { pageLang } from '../../http/page-locale';
import { readForm, renderPage } from '../../http/page-router';
import { withDefaults } from '../organizations/orgs';
import type { ActionPurpose } from './action-tokens';
import { LinkRefused } from './single-use-links';
import { LinkRefusedPage } from './views/link-messages';

export const tokenOf = (c: AppContext) => c.req.param('token') ?? '';

/** The page's language: the reader's, else that of the organization the link is for (if any). */
export const linkLang = (
  c: AppContext,
  org: { settings: Partial<OrgSettings> | null } | null,
  form?: Record<string, string>,
) => pageLang(c, org ? withDefaults(org.settings).language : null, form);

/** The organization's time zone for the page's dates (UTC without one). */
export const linkTimeZone = (org: { settings: Partial<OrgSettings> | null } | null) =>
  withDefaults(org?.settings).timeZone;

/** Runs a link page's handler, rendering a link that opens nothing as its page. */
export function linkPage(purpose: ActionPurpose, handler: (c: AppContext) => Promise<Response>) {
  return async (c: AppContext) => {
    try {
      return await handler(c);
    } catch (err) {
      if (!(err instanceof LinkRefused)) throw err;
      const form = c.req.method === 'POST' ? await readForm(c) : undefined;
      const lang = linkLang(c, null, form);
      return renderPage(
        c,
        <LinkRefusedPage purpose={purpose} reason={err.reason} lang={lang} />,
        err.status,
      );
    }
  };
}

/** A refusal of what was typed (not of the link), of one of `codes`. */
export const refusedInput = (err: unknown, ...codes: AppError['code'][]): err is AppError =>
  err instanceof AppError && !(err instanceof LinkRefused) && codes.includes(err.code);
