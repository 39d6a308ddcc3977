/**
 * The application: one Hono app built from its services, the same on Node, in Workers and in tests.
 * Cross-cutting concerns live here (request ids, security headers, the Host check, CORS, body
 * limits, errors, logging); each feature's routers come from features/<feature>/.
 */
import { renewalPageRoutes } from './features/renewals/pages';
import { renewalRoutes } from './features/renewals/api';
import { webhookRoutes } from './features/webhooks/api';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Services } from './env';
import { AppError, respondError, toAppError } from './errors';
import { apiReferenceRoutes } from './http/api-reference';
import { ownHostOnly } from './http/middleware/host';
import { notFoundPage } from './http/page-router';
import { accountRoutes, meRoutes } from './features/accounts/account-api';
import { confirmPageRoutes } from './features/accounts/confirm-pages';
import {
  resetPasswordPageRoutes,
  setPasswordPageRoutes,
} from './features/accounts/password-link-pages';
import { apiKeyRoutes } from './features/api-keys/api';
import { applicationRoutes } from './features/joining/applications-api';
import { joinApiRoutes } from './features/joining/join-api';
import { joinPageRoutes } from './features/joining/pages';
import { linkRoutes } from './features/links/api';
import { accountPageRoutes, loginPageRoutes } from './features/accounts/login-pages';
import { auditRoutes } from './features/organizations/audit-api';
import { authRoutes } from './features/accounts/auth-api';
import { departmentRoutes } from './features/organizations/departments-api';
import { devMailRoutes } from './features/local-mailbox/pages';
import { inviteApiRoutes } from './features/invitations/invite-api';
import { invitePageRoutes } from './features/invitations/pages';
import { invitationRoutes } from './features/invitations/api';
import { memberRoutes } from './features/members/api';
import { orgRoutes } from './features/organizations/api';
import { brandImages } from './features/organizations/branding';
import { logoFileRoutes, logoRoutes } from './features/organizations/logo-api';
import { searchRoutes } from './features/search/api';
import { workspaceRoutes } from './features/organizations/workspaces-api';
import { deliveryReportRoutes } from './features/delivery/webhooks-api';

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
    c.set('afterResponse', []);
    const started = Date.now();
    try {
      await next();
    } finally {
      const tasks = c.var.afterResponse ?? [];
      c.set('afterResponse', null);
      for (const task of tasks) services.background(c, Promise.resolve().then(task));
    }
    services.log(
      `${c.req.method} ${redactPath(rawPath(c.req.url))} ${c.res.status} ${Date.now() - started}ms id=${c.var.requestId}`,
    );
  });
  // Runs after the security headers are set: an organization's logo on its pages and as a file.
  app.use(brandImages);
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
  // (http/middleware/host.ts).
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
  // The import (POST only) reads its file within a limit of its own (features/members/api.ts); a
  // PATCH or DELETE there is the member route, and as limited as any.
  app.use('/api/*', async (c, next) =>
    c.req.method === 'POST' && c.req.path.endsWith('/members/import') ? next() : limit(c, next),
  );
  app.use('/webhooks/*', limit);

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
  // An address that is not a page: a browser opening it gets a page that says so; the API, other
  // methods and other clients the error shape.
  app.notFound((c) =>
    (c.req.method === 'GET' || c.req.method === 'HEAD') &&
    !/^\/api(\/|$)/.test(c.req.path) &&
    (c.req.header('accept') ?? '').includes('text/html')
      ? notFoundPage(c)
      : respondError(c, new AppError('not_found', 'There is nothing at this address')),
  );

  const routes = app
    .get('/health', (c) => c.json({ ok: true as const }))
    // Browsers ask for it on every address; the pages carry their icon inline (http/layout.tsx).
    .get('/favicon.ico', (c) => {
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(null, 204);
    })
    // The address printed at start: people land on the sign-in page.
    .get('/', (c) => c.redirect('/login', 302))
    // GET /openapi.json and GET /docs/api (http/api-reference.tsx).
    .route('/', apiReferenceRoutes)
    .route('/api/auth', authRoutes)
    .route('/api/me', meRoutes)
    .route('/api/account', accountRoutes)
    .route('/api/orgs', orgRoutes)
    .route('/api/orgs/:org/logo', logoRoutes)
    .route('/logos', logoFileRoutes)
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
    .route('/api/orgs/:org/api-keys', apiKeyRoutes)
    .route('/api/orgs/:org/webhooks', webhookRoutes)
    .route('/api/join', joinApiRoutes)
    .route('/join', joinPageRoutes)
    .route('/renew', renewalPageRoutes)
    .route('/api/orgs/:org/renewals', renewalRoutes)
    .route('/set-password', setPasswordPageRoutes)
    .route('/reset-password', resetPasswordPageRoutes)
    .route('/confirm', confirmPageRoutes)
    .route('/login', loginPageRoutes)
    .route('/account', accountPageRoutes)
    .route('/dev', devMailRoutes)
    // Delivery reports from the mail and SMS providers, signed (features/delivery/webhooks-api.ts).
    .route('/webhooks', deliveryReportRoutes);
  return routes;
}

/** The app's type, for `hc<AppType>` clients. */
export type AppType = ReturnType<typeof createApp>;
