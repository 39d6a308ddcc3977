/**
 * CSRF defence for the hosted pages' forms, without cookies. A browser says where a POST comes
 * from: `Sec-Fetch-Site` (which no page can forge) when it supports Fetch Metadata, else `Origin`.
 * A form posted from another site is refused with 403. The pages are served with `Referrer-Policy:
 * no-referrer`, under which browsers send `Origin: null` even for a same-origin POST, so
 * `Sec-Fetch-Site` decides when present; a bare `Origin: null` without it is refused. Clients that
 * send neither header (scripts, the extension's API calls) are not browsers following a forged
 * form.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';

export function isCrossSiteRequest(
  headers: { origin?: string; fetchSite?: string },
  ownOrigins: string[],
): boolean {
  if (headers.fetchSite !== undefined)
    return headers.fetchSite !== 'same-origin' && headers.fetchSite !== 'none';
  return headers.origin !== undefined && !ownOrigins.includes(headers.origin);
}

export const sameOriginForms = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    // PUBLIC_URL's origin; in local mode also the one the request was addressed to (localhost vs
    // 127.0.0.1), which the Host check (http/middleware/host.ts) has confined to a loopback host there.
    const { publicUrl, localMode } = c.var.services.config;
    const own = [new URL(publicUrl).origin, ...(localMode ? [new URL(c.req.url).origin] : [])];
    if (
      isCrossSiteRequest(
        { origin: c.req.header('origin'), fetchSite: c.req.header('sec-fetch-site') },
        own,
      )
    ) {
      throw new AppError('forbidden', 'This form can only be sent from its own page');
    }
  }
  await next();
});
