/**
 * Answers only requests addressed to this server: the `Host` header (or, where a runtime puts the
 * host in the URL alone, the request URL's host) must be PUBLIC_URL's host, or in local mode a
 * loopback host on any port (`localhost:8787` and `127.0.0.1:8787` alike). Anything else is refused
 * with 421 `wrong_host` before a route runs. This is what stops DNS rebinding: a page at
 * rebind.evil.example, whose name the attacker points at 127.0.0.1 (or at an internal address), is
 * same-origin with itself, so neither CORS nor the form check (http/middleware/csrf.ts) would stop it
 * reading /dev/mail or posting a form; its requests still say `Host: rebind.evil.example`.
 */
import { createMiddleware } from 'hono/factory';
import type { AppConfig, AppEnv } from '../../env';
import { AppError } from '../../errors';
import { isHostOf, isLoopbackHostname, parseHost } from '../../lib/host';

/** Whether a request addressed to `host` (a Host header value) is for this server. */
export function isOwnHost(
  host: string,
  config: Pick<AppConfig, 'publicUrl' | 'localMode'>,
): boolean {
  const parsed = parseHost(host);
  if (!parsed) return false;
  return (
    isHostOf(parsed, new URL(config.publicUrl)) ||
    (config.localMode && isLoopbackHostname(parsed.hostname))
  );
}

export const ownHostOnly = createMiddleware<AppEnv>(async (c, next) => {
  // /health answers on any host: load balancers and uptime checks probe the server by its IP
  // address. It reads and writes nothing.
  if (c.req.path === '/health') return next();
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  if (!isOwnHost(host, c.var.services.config))
    throw new AppError('wrong_host', 'This server does not answer to that host name');
  await next();
});
