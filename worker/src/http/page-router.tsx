/**
 * What every hosted page route shares: no caching, no referrer, errors as pages (not JSON), small
 * form bodies, and reading a urlencoded form. Mount each page router at a prefix of its own (its
 * `use()` covers that prefix).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { AppError, toAppError } from '../errors';
import { formatRelative } from '../i18n/dates';
import { fill } from '../i18n/text';
import { MessagePage, pageHeaders } from './layout';
import { pageLang, type PageLang } from './page-locale';
import { pageErrorsText } from './page-router.text';

/** A form of a few fields never needs more. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * An error's title and sentence in the page's language. English pages keep the use case's own
 * sentence where the code alone says less (a quota's numbers); other languages say it by the code.
 */
function errorWords(e: AppError, lang: PageLang, now: number): { title: string; message: string } {
  const t = pageErrorsText.in(lang.locale);
  const own = (fallback: string) => (lang.locale === 'en' ? e.message : fallback);
  switch (e.code) {
    case 'forbidden':
      return { title: t.forbiddenTitle, message: t.forbidden };
    case 'rate_limited': {
      const when = formatRelative(now + (e.retryAfterSeconds ?? 60) * 1000, now, lang.locale);
      return { title: t.rateLimitedTitle, message: own(fill(t.rateLimited, { when })) };
    }
    case 'payload_too_large':
      return { title: t.tooLargeTitle, message: t.tooLarge };
    case 'not_found':
      return { title: t.notFoundTitle, message: t.notFound };
    case 'internal':
      return { title: t.failedTitle, message: t.internal };
    default:
      return { title: t.failedTitle, message: own(t.failed) };
  }
}

export async function renderPage(
  c: Context<AppEnv>,
  page: JSX.Element,
  status: ContentfulStatusCode = 200,
) {
  pageHeaders(c);
  return c.html(`<!doctype html>${String(await page)}`, status);
}

/** The page a browser gets at an address that is not one (app.ts). */
export const notFoundPage = (c: Context<AppEnv>) => {
  const lang = pageLang(c);
  const t = pageErrorsText.in(lang.locale);
  return renderPage(
    c,
    <MessagePage title={t.notFoundTitle} message={t.notFound} lang={lang} bad />,
    404,
  );
};

export function pageRouter() {
  const router = new Hono<AppEnv>();
  router.use(async (c, next) => {
    pageHeaders(c);
    await next();
  });
  router.onError((err, c) => {
    const known = toAppError(err);
    if (!known) {
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      c.var.services.log(
        `error id=${c.var.requestId} ${c.req.method} page ${c.req.path.split('/')[1] ?? ''}: ${detail}`,
      );
    }
    const e =
      known ??
      new AppError('internal', 'Something went wrong on our side. Please try again in a moment.');
    if (e.retryAfterSeconds !== undefined) c.header('Retry-After', String(e.retryAfterSeconds));
    // The form's own `lang` is not read here: its body may be what failed (too large, refused).
    const lang = pageLang(c);
    const { title, message } = errorWords(e, lang, c.var.services.now());
    return renderPage(c, <MessagePage title={title} message={message} lang={lang} bad />, e.status);
  });
  return router;
}

/** Refuses form bodies above FORM_BODY_LIMIT with 413 before they are read. */
export const formBody = bodyLimit({
  maxSize: FORM_BODY_LIMIT,
  onError: () => {
    throw new AppError('payload_too_large', 'The form was larger than this page accepts.');
  },
});

/** The string fields of a urlencoded or multipart form (anything else reads as empty). */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The check of the forms that choose a password twice: the second field must repeat the first. */
export const repeatsNewPassword = z.refine<{ newPassword: string; confirmPassword: string }>(
  (v) => v.newPassword === v.confirmPassword,
  {
    message: 'does not match the new password',
    path: ['confirmPassword'],
  },
);
