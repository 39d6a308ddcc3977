/**
 * What the pages of single-use links share: the token of the URL, and refusals rendered as pages.
 */
import type { AppContext } from '../../env';
import { AppError } from '../../errors';
import { renderPage } from '../../http/page-router';
import { LinkRefused } from './single-use-links';
import type { ActionPurpose } from './action-tokens';
import { LinkRefusedPage } from './views/link-messages';

export const tokenOf = (c: AppContext) => c.req.param('token') ?? '';

/** Runs a link page's handler, rendering a link that opens nothing as its page. */
export function linkPage(purpose: ActionPurpose, handler: (c: AppContext) => Promise<Response>) {
  return async (c: AppContext) => {
    try {
      return await handler(c);
    } catch (err) {
      if (!(err instanceof LinkRefused)) throw err;
      return renderPage(c, <LinkRefusedPage purpose={purpose} reason={err.reason} />, err.status);
    }
  };
}

/** A refusal of what was typed (not of the link), of one of `codes`. */
export const refusedInput = (err: unknown, ...codes: AppError['code'][]): err is AppError =>
  err instanceof AppError && !(err instanceof LinkRefused) && codes.includes(err.code);
