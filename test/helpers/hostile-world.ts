/**
 * The world of the hostile-input tests (test/robustness/hostile-input-*.test.ts): one app with an
 * organization, two sets of its records, another organization, single-use links of every kind, and
 * the people whose sessions the requests carry; how a request is sent raw, what counts as a problem
 * in its answer, and how the members are restored after a request that changed them.
 */
import { afterAll, beforeAll } from 'vitest';
import { applications } from '../../worker/src/db/schema';
import { startHarness, type Harness, type Reply } from './harness';
import { apply } from './links';
import { errorShapeProblem, type RouteKey } from './robustness';
import {
  actionTokensByKind,
  orgFixture,
  type OrgFixture,
  type TokenKind,
} from './robustness-routes';
import { addMember, createUser, login, orgWithRoles, type Person } from './seed';

export let h: Harness;
export let org: Awaited<ReturnType<typeof orgWithRoles>>;
export let otherOrgId: string;
export const fixtures: OrgFixture[] = [];
export const tokens: Record<TokenKind, string[]> = {
  link: [],
  invitation: [],
  set_password: [],
  confirm_join: [],
  reset_password: [],
};
export const allIds: string[] = [];
export const allTokens: string[] = [];
export const people: { who: Person; role: 'owner' | 'admin' | 'member' }[] = [];

/** Before the file's tests: the world above, made through the API; after them, the app closed. */
export function hostileWorld(): void {
  beforeAll(async () => {
    h = await startHarness({
      autoDeliver: false,
      // The delivery report routes answer (401 unsigned) rather than 404.
      webhooks: {
        resendSecret: 'whsec_aG9zdGlsZSB3b3JsZCBzZWNyZXQ=',
        smsAuthToken: 'hostile-world',
      },
    });
    org = await orgWithRoles(h);
    people.push(
      { who: org.owner, role: 'owner' },
      { who: org.admin, role: 'admin' },
      { who: org.member, role: 'member' },
    );
    otherOrgId = (await orgWithRoles(h, 'Other')).orgId;
    for (let i = 0; i < 2; i++) fixtures.push(await orgFixture(h, org.orgId, org.owner.token));
    // Approved applications give single-use links: set-password (new account) and confirm (existing
    // account).
    const link = fixtures[0]!.link;
    await apply(h, link.token, { name: 'Ben Approved', email: 'ben@example.com' });
    await createUser(h, 'cat@example.com', { name: 'Cat Existing' });
    await apply(h, link.token, { name: 'Cat Existing', email: 'cat@example.com' });
    for (const a of await h.db.select().from(applications)) {
      if (a.email === 'ben@example.com' || a.email === 'cat@example.com')
        await h.call('POST', `/api/orgs/${org.orgId}/applications/${a.id}/approve`, {
          token: org.owner.token,
        });
    }
    // "Forgot your password?" gives a reset link.
    await h.call('POST', '/api/auth/password-reset', { body: { email: 'cat@example.com' } });
    await h.settled();
    Object.assign(tokens, await actionTokensByKind(h));
    tokens.link = fixtures.map((f) => f.link.token);
    tokens.invitation = fixtures.map((f) => f.invitation.token);
    allTokens.push(...Object.values(tokens).flat());
    for (const f of fixtures)
      allIds.push(f.department, f.workspace, f.link.id, f.invitation.id, f.member, f.application);
    allIds.push(org.member.id, org.admin.id, org.owner.id);
    // Each session's first use of the organization is its sign-in there (an audit event,
    // http/middleware/auth.ts): done now, so that every GET of the tests only reads.
    for (const p of people) await h.call('GET', `/api/orgs/${org.orgId}`, { token: p.who.token });
  });
  afterAll(() => h.close());
}

export type Body = { raw?: string; type?: string };

/** After a request that changed things: the three members keep their roles and their sessions. */
export async function heal(): Promise<void> {
  for (const p of people) {
    await addMember(h, org.orgId, p.who, p.role);
    if ((await h.call('GET', '/api/me', { token: p.who.token })).status !== 200)
      p.who.token = await login(h, p.who.email).catch(() => p.who.token);
  }
}

export function problemsOf(route: RouteKey, path: string, res: Reply): string | null {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status === 429 && !res.headers.get('retry-after')) return '429 without Retry-After';
  if (res.status < 400) return null;
  // The API answers every error with the contract's JSON; a hosted page answers with a page (HTML),
  // and a path no page matches (e.g. an empty token) falls through to the app's JSON not_found.
  const api = path.startsWith('/api/') || path === '/health' || path.startsWith('/dev/');
  const html = /^text\/html/.test(res.headers.get('content-type') ?? '');
  if (api || !html) return errorShapeProblem(res);
  return route.path.startsWith('/api/') ? `an API route answered ${res.status} with HTML` : null;
}

export async function send(
  route: RouteKey,
  path: string,
  b: Body,
  hdrs: Record<string, string>,
): Promise<Reply> {
  const init: RequestInit = {
    method: route.method,
    headers: { ...hdrs, ...(b.type ? { 'content-type': b.type } : {}) },
  };
  if (b.raw !== undefined && route.method !== 'GET' && route.method !== 'HEAD') init.body = b.raw;
  const res = await h.app.request(path, init);
  const raw = await res.text();
  // What the request left for after its answer (services.afterResponse) is part of what it did.
  await h.settled();
  let parsed: unknown = raw;
  try {
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, text: raw, headers: res.headers };
}
