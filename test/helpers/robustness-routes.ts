/**
 * What the robustness suite knows about the app's routes, in one place: which record an `:id`
 * names, which kind of token a `:token` is, a valid request body for each route that takes one, and
 * how to send one. The fixtures those requests are about (records of one organization, people with
 * a role) are in test/helpers/robustness-fixtures.ts, re-exported here.
 */
import { PUBLIC_URL, type Harness } from './harness';
import type { RouteKey } from './robustness';
import { fillPath, routeKey } from './robustness';
import { nextSeq, unique, type OrgFixture, type Resource } from './robustness-fixtures';
import { PASSWORD } from './seed';

export {
  actionTokensByKind,
  actorWithRole,
  fixtureId,
  orgFixture,
  quickPerson,
  ROLES,
  unique,
  type OrgFixture,
  type Resource,
  type Role,
} from './robustness-fixtures';

/**
 * The record an id parameter names, by the path segment before it; null for a segment nobody taught
 * this suite.
 */
export function resourceOf(path: string, param: string): Resource | null {
  const segment = new RegExp(`/([a-z-]+)/:${param}(/|$)`).exec(path)?.[1];
  const known: Record<string, Resource> = {
    departments: 'department',
    workspaces: 'workspace',
    invitations: 'invitation',
    members: 'member',
    links: 'link',
    applications: 'application',
    renewals: 'renewal',
    'api-keys': 'apiKey',
    webhooks: 'webhook',
  };
  return segment ? (known[segment] ?? null) : null;
}

export type TokenKind = 'link' | 'invitation' | 'set_password' | 'confirm_join' | 'reset_password';

/** The kind of token a `:token` route takes, by its first segments. */
export function tokenKindOf(path: string): TokenKind | null {
  const m = /^\/(?:api\/|renew\/)?(join|invite|set-password|reset-password|confirm)\/:token/.exec(
    path,
  );
  const kinds: Record<string, TokenKind> = {
    join: 'link',
    invite: 'invitation',
    'set-password': 'set_password',
    'reset-password': 'reset_password',
    confirm: 'confirm_join',
  };
  return m ? kinds[m[1]!]! : null;
}

/** A request body: JSON (`json`), or raw text with its content type. */
export type SampleBody = { json: unknown } | { raw: string; type: string } | null;

/** A GIF header whose bytes are all ASCII, so it travels as a string body (a logo upload). */
export const TINY_GIF = 'GIF89a\x01\x00\x01\x00\x00\x00\x00;';

const form = (fields: Record<string, string>): SampleBody => ({
  raw: new URLSearchParams(fields).toString(),
  type: 'application/x-www-form-urlencoded',
});

/**
 * A valid body for each route that reads one (null: the route reads none). Every non-GET route of
 * the app must have an entry, so a new route gets one before the suite passes.
 */
export const SAMPLE_BODIES: Record<string, (f: OrgFixture, n: string) => SampleBody> = {
  'POST /api/auth/login': () => ({
    json: { email: 'nobody@example.com', password: 'not the password' },
  }),
  'POST /api/auth/logout': () => null,
  'POST /api/auth/password-reset': () => ({ json: { email: 'nobody@example.com' } }),
  'POST /api/account/password': () => ({
    json: { currentPassword: PASSWORD, newPassword: 'another long password' },
  }),
  'POST /api/orgs': (_f, n) => ({ json: { name: `Org ${n}` } }),
  'PATCH /api/orgs/:org/settings': () => ({ json: { inviteTtlHours: 72 } }),
  'PUT /api/orgs/:org/logo': () => ({ raw: TINY_GIF, type: 'image/gif' }),
  'DELETE /api/orgs/:org/logo': () => null,
  'POST /api/orgs/:org/departments': (_f, n) => ({ json: { name: `Dept ${n}` } }),
  'PATCH /api/orgs/:org/departments/:id': (_f, n) => ({ json: { name: `Renamed ${n}` } }),
  'DELETE /api/orgs/:org/departments/:id': () => null,
  'POST /api/orgs/:org/workspaces': (_f, n) => ({ json: { name: `Space ${n}` } }),
  'POST /api/orgs/:org/api-keys': (_f, n) => ({ json: { name: `Key ${n}`, role: 'member' } }),
  'DELETE /api/orgs/:org/api-keys/:id': () => null,
  'PATCH /api/orgs/:org/workspaces/:id': (_f, n) => ({ json: { name: `Renamed ${n}` } }),
  'DELETE /api/orgs/:org/workspaces/:id': () => null,
  'POST /api/orgs/:org/invitations': (_f, n) => ({
    json: { email: `new-invitee-${n}@example.com`, role: 'member' },
  }),
  'POST /api/orgs/:org/invitations/:id/resend': () => null,
  'DELETE /api/orgs/:org/invitations/:id': () => null,
  'PUT /api/orgs/:org/invitations/:id/workspaces': (f) => ({
    json: { workspaces: [{ workspaceId: f.workspace, role: 'manager' }] },
  }),
  'POST /api/orgs/:org/members': (_f, n) => ({
    json: { firstName: 'New', lastName: `Person ${n}`, email: `new-person-${n}@example.com` },
  }),
  'POST /api/orgs/:org/members/invite': (f) => ({
    json: { userIds: [f.member], channel: 'email' },
  }),
  'POST /api/orgs/:org/members/import': (_f, n) => ({
    raw: `firstName,lastName,email\nImported,${n},imported-${n}@example.com\n`,
    type: 'text/csv',
  }),
  'PATCH /api/orgs/:org/members/:userId': () => ({ json: { position: 'Tester' } }),
  'DELETE /api/orgs/:org/members/:userId': () => null,
  'POST /api/orgs/:org/links': () => ({ json: { expiresInHours: 24 } }),
  'POST /api/orgs/:org/links/reset': () => null,
  'DELETE /api/orgs/:org/links/:id': () => null,
  'POST /api/orgs/:org/applications/:id/approve': () => null,
  'POST /api/orgs/:org/applications/:id/reject': () => ({ json: { reason: 'Not this time' } }),
  'POST /api/orgs/:org/webhooks': (_f, n) => ({
    json: { url: `https://hooks.example.com/new-${n}`, events: ['invitation.created'] },
  }),
  'PATCH /api/orgs/:org/webhooks/:id': () => ({ json: { events: ['member.removed'] } }),
  'DELETE /api/orgs/:org/webhooks/:id': () => null,
  'POST /api/orgs/:org/webhooks/:id/rotate-secret': () => null,
  'POST /api/orgs/:org/webhooks/:id/test': () => null,
  'POST /api/invite/:token/accept': () => ({
    json: { name: 'Accept Er', password: 'a good long password' },
  }),
  'POST /invite/:token': () => form({ name: 'Accept Er', password: 'a good long password' }),
  'POST /api/invite/:token/code': () => null,
  'POST /invite/:token/code': () => form({}),
  'POST /api/invite/:token/verify': () => ({ json: { code: '12345678' } }),
  'POST /invite/:token/verify': () => form({ code: '12345678' }),
  'POST /set-password/:token/code': () => form({}),
  'POST /set-password/:token/verify': () => form({ code: '12345678' }),
  'POST /reset-password': () => form({ email: 'nobody@example.com' }),
  'POST /reset-password/:token': () =>
    form({ newPassword: 'a good long password', confirmPassword: 'a good long password' }),
  'POST /api/join/:token': (_f, n) => ({
    json: { name: 'Join Er', email: `joiner-${n}@example.com` },
  }),
  'POST /join/:token': (_f, n) => form({ name: 'Join Er', email: `joiner-${n}@example.com` }),
  'POST /renew/invite/:token': () => form({ name: 'Ask Er' }),
  'POST /renew/join/:token': (_f, n) => form({ name: 'Ask Er', email: `asker-${n}@example.com` }),
  'POST /api/orgs/:org/renewals/:id/invite': () => null,
  'POST /api/orgs/:org/renewals/:id/link': () => null,
  'POST /api/orgs/:org/renewals/:id/dismiss': () => null,
  'POST /set-password/:token': () =>
    form({ newPassword: 'a good long password', confirmPassword: 'a good long password' }),
  'POST /confirm/:token': () => form({}),
  'POST /login': () => form({ email: 'nobody@example.com', password: 'not the password' }),
  'POST /account/password': () =>
    form({
      email: 'nobody@example.com',
      currentPassword: 'not the password',
      newPassword: 'a good long password',
      confirmPassword: 'a good long password',
    }),
  // Delivery reports: unsigned here, so refused before their body is read (features/delivery).
  'POST /webhooks/resend': () => ({
    json: { type: 'email.bounced', data: { email_id: 'not-ours', bounce: { message: 'No' } } },
  }),
  'POST /webhooks/sms': () => ({
    raw: 'MessageSid=SM0&MessageStatus=failed',
    type: 'application/x-www-form-urlencoded',
  }),
};

export function sampleBody(route: RouteKey, f: OrgFixture): SampleBody {
  if (route.method === 'GET') return null;
  const make = SAMPLE_BODIES[routeKey(route)];
  if (!make) throw new Error(`no sample body for ${routeKey(route)}: add one to SAMPLE_BODIES`);
  return make(f, unique());
}

/** A query string some GET routes need to be a valid request. */
export const SAMPLE_QUERIES: Record<string, string> = {
  'GET /api/orgs/:org/search': 'q=applicant',
};

/** The route's path with its parameters filled in and, when it needs one, its sample query. */
export function samplePath(route: RouteKey, values: Record<string, string>): string {
  const q = SAMPLE_QUERIES[routeKey(route)];
  return fillPath(route.path, values) + (q ? `?${q}` : '');
}

/** Headers a browser sends with a form from the page's own origin. */
export const SAME_ORIGIN = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' };

/** Sends a route with parameters, a body and a bearer token through the app. */
export async function callRoute(
  h: Harness,
  route: RouteKey,
  path: string,
  body: SampleBody,
  token?: string,
) {
  const n = nextSeq();
  const headers: Record<string, string> = {
    'cf-connecting-ip': `10.9.${n % 250}.${(n >> 8) % 250}`,
  };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body && 'json' in body) return h.call(route.method, path, { body: body.json, headers });
  if (body)
    return h.call(route.method, path, {
      raw: body.raw,
      headers: {
        ...headers,
        'content-type': body.type,
        ...(body.type.includes('urlencoded') ? SAME_ORIGIN : {}),
      },
    });
  return h.call(route.method, path, { headers });
}
