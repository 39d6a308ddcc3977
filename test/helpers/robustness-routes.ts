/**
 * What the robustness suite knows about the app's routes, in one place: which record an `:id`
 * names, which kind of token a `:token` is, and a valid request body for each route that takes one.
 * Fixtures of one organization are made through the API; people with a role are made directly (a
 * precomputed password hash and a session), so a test can afford a fresh person per case.
 */
import { actionTokens, users } from '../../worker/src/db/schema';
import { createSession } from '../../worker/src/features/accounts/sessions';
import { newId } from '../../worker/src/lib/ids';
import { PUBLIC_URL, type Harness } from './harness';
import { addPerson, createDepartment, createWorkspace, joinWorkspace } from './invitations';
import { apply, createLink } from './links';
import { addMember, PASSWORD, type Person } from './seed';
import type { RouteKey } from './robustness';
import { fillPath, routeKey } from './robustness';

export type Resource =
  | 'department'
  | 'workspace'
  | 'invitation'
  | 'member'
  | 'link'
  | 'application';

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
  };
  return segment ? (known[segment] ?? null) : null;
}

export type TokenKind = 'link' | 'invitation' | 'set_password' | 'confirm_join' | 'reset_password';

/** The kind of token a `:token` route takes, by its first segments. */
export function tokenKindOf(path: string): TokenKind | null {
  const m = /^\/(?:api\/)?(join|invite|set-password|reset-password|confirm)\/:token/.exec(path);
  const kinds: Record<string, TokenKind> = {
    join: 'link',
    invite: 'invitation',
    'set-password': 'set_password',
    'reset-password': 'reset_password',
    confirm: 'confirm_join',
  };
  return m ? kinds[m[1]!]! : null;
}

/** Fresh records of one organization, made by its owner through the API. */
export interface OrgFixture {
  orgId: string;
  department: string;
  workspace: string;
  link: { id: string; token: string };
  application: string;
  /** A personal invitation (member role) granting `workspace`. */
  invitation: { id: string; token: string };
  /** A pending member, added but not invited. */
  member: string;
}

let seq = 0;
export const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function orgFixture(
  h: Harness,
  orgId: string,
  ownerToken: string,
): Promise<OrgFixture> {
  const n = unique();
  const department = await createDepartment(h, orgId, ownerToken, `Dept ${n}`);
  const workspace = await createWorkspace(h, orgId, ownerToken, `Space ${n}`);
  const link = await createLink(h, orgId, ownerToken, { maxUses: 100 });
  const applied = await apply(h, link.token, {
    name: `Applicant ${n}`,
    email: `applicant-${n}@example.com`,
  });
  if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${applied.text}`);
  const apps = await h.call(
    'GET',
    `/api/orgs/${orgId}/applications?q=${encodeURIComponent(`applicant-${n}`)}`,
    { token: ownerToken },
  );
  const inv = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
    token: ownerToken,
    body: {
      email: `invitee-${n}@example.com`,
      role: 'member',
      channel: 'link',
      workspaces: [{ workspaceId: workspace, role: 'member' }],
    },
  });
  if (inv.status !== 201) throw new Error(`invitation: ${inv.status} ${inv.text}`);
  const member = await addPerson(h, orgId, ownerToken, { email: `person-${n}@example.com` });
  return {
    orgId,
    department,
    workspace,
    link: { id: link.id, token: link.token },
    application: apps.body.items[0].id,
    invitation: { id: inv.body.invitation.id, token: String(inv.body.url).split('/invite/')[1]! },
    member,
  };
}

export function fixtureId(f: OrgFixture, resource: Resource): string {
  return {
    department: f.department,
    workspace: f.workspace,
    invitation: f.invitation.id,
    member: f.member,
    link: f.link.id,
    application: f.application,
  }[resource];
}

let passwordHash: string | undefined;

/**
 * A signed-in account without the cost of hashing a password for each (they all share PASSWORD).
 */
export async function quickPerson(h: Harness, label = 'person'): Promise<Person> {
  passwordHash ??= await h.services.passwords.hash(PASSWORD);
  const id = newId();
  const email = `${label}-${unique()}@example.com`;
  const t = h.clock.now();
  const session = await createSession(h.db, id, t);
  await h.db.batch([
    h.db.insert(users).values({
      id,
      email,
      name: `${label} ${id.slice(0, 4)}`,
      passwordHash,
      createdAt: t,
      registeredAt: t,
    }),
    session.insert,
  ]);
  return { id, email, token: session.token };
}

export type Role = 'owner' | 'admin' | 'manager' | 'member' | 'outsider' | 'anonymous';
export const ROLES: Role[] = ['owner', 'admin', 'manager', 'member', 'outsider', 'anonymous'];

/**
 * A fresh person holding `role` in the fixture's organization (`manager`: a member managing its
 * workspace).
 */
export async function actorWithRole(h: Harness, f: OrgFixture, role: Role): Promise<Person | null> {
  if (role === 'anonymous') return null;
  const p = await quickPerson(h, role);
  if (role === 'outsider') return p;
  await addMember(h, f.orgId, p, role === 'manager' ? 'member' : role);
  if (role === 'manager') await joinWorkspace(h, f.orgId, f.workspace, p.id, 'manager');
  return p;
}

/** A request body: JSON (`json`), or raw text with its content type. */
export type SampleBody = { json: unknown } | { raw: string; type: string } | null;

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
  'POST /api/orgs/:org/departments': (_f, n) => ({ json: { name: `Dept ${n}` } }),
  'PATCH /api/orgs/:org/departments/:id': (_f, n) => ({ json: { name: `Renamed ${n}` } }),
  'DELETE /api/orgs/:org/departments/:id': () => null,
  'POST /api/orgs/:org/workspaces': (_f, n) => ({ json: { name: `Space ${n}` } }),
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
  const headers: Record<string, string> = {
    'cf-connecting-ip': `10.9.${seq % 250}.${(seq++ >> 8) % 250}`,
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

/**
 * The unused single-use links (set-password, confirm) in the database, as the tokens their messages
 * carry.
 */
export async function actionTokensByKind(
  h: Harness,
): Promise<Record<'set_password' | 'confirm_join' | 'reset_password', string[]>> {
  const out: Record<'set_password' | 'confirm_join' | 'reset_password', string[]> = {
    set_password: [],
    confirm_join: [],
    reset_password: [],
  };
  for (const r of await h.db.select().from(actionTokens))
    if (r.usedAt === null)
      out[r.purpose].push(await h.services.tokens.derive(r.purpose, r.id, r.tokenNonce));
  return out;
}
