/**
 * The application: one Hono app built from its services, the same on Node, in Workers and in tests.
 * Cross-cutting concerns live here (request ids, security headers, the Host check, CORS, body
 * limits, errors, logging); each resource is a sub-app in routes/.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Services } from './env';
import { AppError, respondError, toAppError } from './errors';
import { ownHostOnly } from './middleware/host';
import { accountRoutes, meRoutes } from './routes/account';
import {
  confirmPageRoutes,
  resetPasswordPageRoutes,
  setPasswordPageRoutes,
} from './routes/action-pages';
import { applicationRoutes } from './routes/applications';
import { joinApiRoutes } from './routes/join';
import { joinPageRoutes } from './routes/join-page';
import { linkRoutes } from './routes/links';
import { accountPageRoutes, loginPageRoutes } from './routes/login-pages';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { departmentRoutes } from './routes/departments';
import { devMailRoutes } from './routes/dev-mail';
import { inviteApiRoutes } from './routes/invite';
import { invitePageRoutes } from './routes/invite-page';
import { invitationRoutes } from './routes/invitations';
import { memberRoutes } from './routes/members';
import { orgRoutes } from './routes/orgs';
import { searchRoutes } from './routes/search';
import { workspaceRoutes } from './routes/workspaces';

/** JSON bodies above this are refused with 413; the CSV import has its own, larger limit. */
export const MAX_JSON_BODY = 256 * 1024;

/**
 * How a request's path is logged: as it came (percent-encoded, so no control character or line
 * break reaches the log), with every long opaque run — a URL token (`<id>.<43 characters of MAC>`,
 * lib/tokens.ts) however it is spelled or encoded, wherever it stands — written as `[token]`.
 */
const LONG_OPAQUE = /[A-Za-z0-9_.~%-]{40,}/g;
export const redactPath = (path: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  path.replace(/[\u0000-\u001f\u007f]/g, '?').replace(LONG_OPAQUE, '[token]');
const rawPath = (url: string) => {
  const afterHost = url.indexOf('/', url.indexOf('//') + 2);
  const end = url.search(/[?#]/);
  return afterHost < 0 ? '/' : url.slice(afterHost, end > afterHost ? end : undefined);
};

/** A Firefox extension's origin: its per-install uuid. */
const FIREFOX_EXTENSION =
  /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createApp(services: Services) {
  const app = new Hono<AppEnv>({ strict: false });
  const ownOrigin = new URL(services.config.publicUrl).origin;
  const allowed = new Set([ownOrigin, ...services.config.extensionOrigins]);
  const anyFirefox = allowed.delete('moz-extension://*');
  const admits = (origin: string) =>
    allowed.has(origin) || (anyFirefox && FIREFOX_EXTENSION.test(origin));

  app.use(requestId({ headerName: '' }));
  app.use(async (c, next) => {
    c.set('services', services);
    const started = Date.now();
    await next();
    services.log(
      `${c.req.method} ${redactPath(rawPath(c.req.url))} ${c.res.status} ${Date.now() - started}ms id=${c.var.requestId}`,
    );
  });
  app.use(
    secureHeaders({
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-site',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  // Before CORS and every route: a request addressed to another host gets nothing but 421
  // (middleware/host.ts).
  app.use(ownHostOnly);
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (admits(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );
  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  const limit = bodyLimit({
    maxSize: MAX_JSON_BODY,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `The request body is larger than ${MAX_JSON_BODY / 1024} KiB`,
      );
    },
  });
  app.use('/api/*', async (c, next) =>
    c.req.path.endsWith('/members/import') ? next() : limit(c, next),
  );

  app.onError((err, c) => {
    const known = toAppError(err);
    if (known) return respondError(c, known);
    services.log(
      `error id=${c.var.requestId} ${c.req.method} ${redactPath(rawPath(c.req.url))}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return respondError(
      c,
      new AppError('internal', 'Something went wrong; the request id helps us find out what'),
    );
  });
  app.notFound((c) =>
    respondError(c, new AppError('not_found', 'There is nothing at this address')),
  );

  const routes = app
    .get('/health', (c) => c.json({ ok: true as const }))
    // The address printed at start: people land on the sign-in page.
    .get('/', (c) => c.redirect('/login', 302))
    .route('/api/auth', authRoutes)
    .route('/api/me', meRoutes)
    .route('/api/account', accountRoutes)
    .route('/api/orgs', orgRoutes)
    .route('/api/orgs/:org/departments', departmentRoutes)
    .route('/api/orgs/:org/workspaces', workspaceRoutes)
    .route('/api/orgs/:org/audit', auditRoutes)
    .route('/api/orgs/:org/invitations', invitationRoutes)
    .route('/api/orgs/:org/members', memberRoutes)
    .route('/api/orgs/:org/search', searchRoutes)
    .route('/api/invite', inviteApiRoutes)
    .route('/invite', invitePageRoutes)
    .route('/api/orgs/:org/links', linkRoutes)
    .route('/api/orgs/:org/applications', applicationRoutes)
    .route('/api/join', joinApiRoutes)
    .route('/join', joinPageRoutes)
    .route('/set-password', setPasswordPageRoutes)
    .route('/reset-password', resetPasswordPageRoutes)
    .route('/confirm', confirmPageRoutes)
    .route('/login', loginPageRoutes)
    .route('/account', accountPageRoutes)
    .route('/dev', devMailRoutes);
  return routes;
}

/** The app's type, for `hc<AppType>` clients. */
export type AppType = ReturnType<typeof createApp>;
