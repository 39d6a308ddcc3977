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
import type { ErrorCode } from '../../../shared/errors';
import type { AppEnv } from '../env';
import { AppError, toAppError } from '../errors';
import { MessagePage, pageHeaders } from './layout';

/** A form of a few fields never needs more. */
export const FORM_BODY_LIMIT = 16 * 1024;

const TITLES: Partial<Record<ErrorCode, string>> = {
  forbidden: 'This form cannot be sent from here',
  rate_limited: 'Too many attempts',
  payload_too_large: 'That is too much text',
  not_found: 'Page not found',
};

export async function renderPage(
  c: Context<AppEnv>,
  page: JSX.Element,
  status: ContentfulStatusCode = 200,
) {
  pageHeaders(c);
  return c.html(`<!doctype html>${String(await page)}`, status);
}

/** The page a browser gets at an address that is not one (app.ts). */
export const notFoundPage = (c: Context<AppEnv>) =>
  renderPage(
    c,
    <MessagePage
      title="Page not found"
      message="There is nothing at this address. Check the link, or ask whoever sent it for a new one."
      bad
    />,
    404,
  );

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
    const message =
      e.code === 'forbidden'
        ? 'For your safety this form only works from its own page. Open the link again and send the form from there.'
        : e.message;
    return renderPage(
      c,
      <MessagePage title={TITLES[e.code] ?? 'Something went wrong'} message={message} bad />,
      e.status,
    );
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
