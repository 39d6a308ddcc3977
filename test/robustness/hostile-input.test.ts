/**
 * Hostile input at every route the app registers (`app.routes`, so a new route is covered without a
 * change here): generated path parameters (real ids and tokens, mangled ones, garbage), query
 * strings, headers, JSON and non-JSON bodies. Whatever arrives: never a 500; an API error is the
 * contract's `{error: {code, message}}` with a code of shared/errors.ts and the status that code
 * has; and a refused request leaves the whole database as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications } from '../../worker/src/db/schema';
import { PUBLIC_URL, startHarness, type Harness, type Reply } from '../helpers/harness';
import { apply } from '../helpers/links';
import { addMember, createUser, login, orgWithRoles, PASSWORD, type Person } from '../helpers/seed';
import {
  changedTables,
  endpoints,
  errorShapeProblem,
  fillPath,
  fingerprint,
  paramsOf,
  routeKey,
  type RouteKey,
} from '../helpers/robustness';
import {
  actionTokensByKind,
  fixtureId,
  orgFixture,
  resourceOf,
  sampleBody,
  tokenKindOf,
  type OrgFixture,
  type SampleBody,
  type TokenKind,
} from '../helpers/robustness-routes';

/**
 * Runs per route (about 70 routes, so about 1 400 requests); ROBUSTNESS_RUNS=200 for a longer hunt.
 */
const RUNS_PER_ROUTE = Number(process.env.ROBUSTNESS_RUNS) || 20;

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
let otherOrgId: string;
const fixtures: OrgFixture[] = [];
const tokens: Record<TokenKind, string[]> = {
  link: [],
  invitation: [],
  set_password: [],
  confirm_join: [],
  reset_password: [],
};
const allIds: string[] = [];
const allTokens: string[] = [];
const people: { who: Person; role: 'owner' | 'admin' | 'member' }[] = [];

beforeAll(async () => {
  h = await startHarness({ autoDeliver: false });
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
  // http/middleware/auth.ts): done now, so that every GET below only reads.
  for (const p of people) await h.call('GET', `/api/orgs/${org.orgId}`, { token: p.who.token });
});
afterAll(() => h.close());

// ── Generators
// ──────────────────────────────────────────────────────────────────────────────────────────

const ascii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  ascii,
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '..',
    '%00',
    "'; DROP TABLE users; --",
    '<script>alert(1)</script>',
    'x'.repeat(300),
    '💥'.repeat(50),
    'null',
    'undefined',
    '__proto__',
  ),
);
/** One of a list filled in later (by beforeAll), read when a value is generated. */
const fromPool = (list: () => string[]) =>
  fc.nat({ max: 10_000 }).map((i) => list()[i % list().length]!);
/** A real token with one character replaced, a piece cut off, or something appended. */
const mangled = (list: () => string[]) =>
  fc.tuple(fromPool(list), fc.nat(), ascii).map(([t, at, junk]) => {
    const i = at % t.length;
    return [t.slice(0, i) + junk + t.slice(i + 1), t.slice(0, i), t + junk][at % 3]!;
  });

const FIELDS = [
  'email',
  'password',
  'name',
  'code',
  'currentPassword',
  'newPassword',
  'confirmPassword',
  'phone',
  'channel',
  'role',
  'departmentId',
  'parentId',
  'workspaces',
  'workspaceId',
  'profile',
  'firstName',
  'lastName',
  'gender',
  'birthday',
  'position',
  'userIds',
  'expiresInHours',
  'requiresApproval',
  'maxUses',
  'removeJoined',
  'reason',
  'allowMemberLinks',
  'memberLinksRequireApproval',
  'emailOnly',
  'sendInitialPassword',
  'inviteTtlHours',
  'linkMaxTtlHours',
  'loginUrl',
  'allowedEmailDomains',
] as const;
const plausible = fc.oneof(
  fc.constantFrom(
    'owner',
    'admin',
    'member',
    'manager',
    'email',
    'sms',
    'link',
    'x@example.com',
    'ann@example.com',
    'owner@acme.test',
    '+79051111111',
    '1990-04-30',
    'https://evil.test',
    'example.com',
    PASSWORD,
  ),
  fc.constantFrom(0, -1, 1, 24, 1e9, 1.5, Number.MAX_SAFE_INTEGER, true, false, null),
  fromPool(() => allIds),
  text,
);
const jsonish = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    plausible,
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), text), tie('any'), { maxKeys: 4 }),
  ),
})).any;
/** Objects with the routes' field names (any subset) and hostile or plausible values. */
const shapedBody = fc.dictionary(fc.constantFrom(...FIELDS), jsonish, { maxKeys: 6 });

type Body = { raw?: string; type?: string };
const asBody = (b: SampleBody): Body =>
  b === null
    ? {}
    : 'json' in b
      ? { raw: JSON.stringify(b.json), type: 'application/json' }
      : { raw: b.raw, type: b.type };

/**
 * The route's valid body with one thing changed: a field set to a hostile value, a field dropped,
 * or extra text.
 */
function nearValid(route: RouteKey): fc.Arbitrary<Body> {
  return fc
    .tuple(
      fc.nat(),
      fc.constantFrom('set', 'drop', 'as-is', 'append'),
      fc.oneof(fc.constantFrom(...FIELDS), text),
      jsonish,
      ascii,
    )
    .map(([i, how, key, value, junk]) => {
      const sample = sampleBody(route, fixtures[i % fixtures.length]!);
      if (sample === null)
        return how === 'as-is'
          ? {}
          : { raw: JSON.stringify({ [key]: value }), type: 'application/json' };
      if (!('json' in sample))
        return how === 'append'
          ? {
              raw: `${sample.raw}${sample.type === 'text/csv' ? `${junk},${junk},${junk}\n` : `&${encodeURIComponent(key)}=${encodeURIComponent(junk)}`}`,
              type: sample.type,
            }
          : asBody(sample);
      const obj = { ...(sample.json as Record<string, unknown>) };
      const keys = Object.keys(obj);
      if (how === 'set') obj[keys.length && i % 2 ? keys[i % keys.length]! : key] = value;
      if (how === 'drop' && keys.length) delete obj[keys[i % keys.length]!];
      if (how === 'append') obj[key] = junk;
      return { raw: JSON.stringify(obj), type: 'application/json' };
    });
}

const anyBody: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        shapedBody,
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/vnd.api+json',
        ),
      )
      .map(([b, type]) => ({ raw: JSON.stringify(b), type })),
  },
  {
    weight: 2,
    arbitrary: jsonish.map((b) => ({ raw: JSON.stringify(b) ?? 'null', type: 'application/json' })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'text/csv',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'garbage',
          '',
        ),
      )
      .map(([raw, type]) => ({ raw, type })),
  },
  {
    weight: 2,
    arbitrary: fc
      .dictionary(
        fc.oneof(fc.constantFrom(...FIELDS), ascii),
        fc.oneof(ascii, fc.constantFrom(PASSWORD, 'ann@example.com')),
      )
      .map((f) => ({
        raw: new URLSearchParams(f).toString(),
        type: 'application/x-www-form-urlencoded',
      })),
  },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(300 * 1024, 20 * 1024)
      .map((n) => ({ raw: JSON.stringify({ name: 'x'.repeat(n) }), type: 'application/json' })),
  },
);
const bodyFor = (route: RouteKey) =>
  fc.oneof({ weight: 1, arbitrary: nearValid(route) }, { weight: 1, arbitrary: anyBody });

const QUERY_KEYS = [
  'q',
  'status',
  'cursor',
  'limit',
  'mine',
  'active',
  'linkId',
  'invitation',
  'registeredFrom',
  'registeredTo',
  'activeFrom',
  'activeTo',
  'sendInvitation',
] as const;
const query = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom(...QUERY_KEYS), ascii),
    fc.oneof(
      text,
      fc.constantFrom(
        'true',
        'pending',
        'accepted',
        '0',
        '101',
        '-1',
        '1e3',
        '2024-01-01',
        'eyJ0IjoxfQ',
        'invited',
      ),
    ),
  ),
  { maxLength: 4 },
);

const headers = fc.record(
  {
    authorization: fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .constantFrom('owner', 'admin', 'member')
          .map((who) => `Bearer ${people.find((p) => p.role === who)!.who.token}`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'Bearer ',
          'Bearer x.y',
          'Basic b3duZXI6cGFzcw==',
          'bearer',
          `Bearer ${'a'.repeat(400)}`,
        ),
      },
      { weight: 1, arbitrary: ascii.map((s) => `Bearer ${s}`) },
    ),
    origin: fc.constantFrom(
      PUBLIC_URL,
      'null',
      'https://evil.test',
      'chrome-extension://kgknponoaabbnjcnjoeagpodpmkkpgfh',
    ),
    'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none', 'same-site'),
    accept: fc.constantFrom('application/json', 'text/html', '*/*', 'image/svg+xml'),
    'cf-connecting-ip': ascii,
    'x-forwarded-for': ascii,
    'x-anything': ascii,
  },
  { requiredKeys: ['cf-connecting-ip'] },
);

/**
 * Values for a route parameter: mostly the right kind of real id or token, then wrong kinds,
 * mangled ones, garbage.
 */
function paramValue(route: RouteKey, name: string): fc.Arbitrary<string> {
  if (name === 'org')
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant(org.orgId) },
      { weight: 1, arbitrary: fc.constant(otherOrgId) },
      { weight: 1, arbitrary: text },
    );
  if (name === 'token') {
    const kind = tokenKindOf(route.path);
    if (!kind)
      throw new Error(
        `hostile-input: ${routeKey(route)} takes a token of a kind this suite does not know; teach tokenKindOf`,
      );
    return fc.oneof(
      { weight: 5, arbitrary: fromPool(() => tokens[kind]) },
      { weight: 2, arbitrary: mangled(() => tokens[kind]) },
      { weight: 1, arbitrary: fromPool(() => allTokens) },
      { weight: 2, arbitrary: text },
    );
  }
  if (name === 'id' || name === 'userId') {
    const resource = resourceOf(route.path, name);
    if (!resource)
      throw new Error(
        `hostile-input: ${routeKey(route)} takes an id of a kind this suite does not know; teach resourceOf`,
      );
    const right = () => fixtures.map((f) => fixtureId(f, resource));
    return fc.oneof(
      { weight: 5, arbitrary: fromPool(right) },
      { weight: 1, arbitrary: fromPool(() => allIds) },
      { weight: 2, arbitrary: text },
      { weight: 1, arbitrary: fc.constantFrom('export', 'invite', 'import', 'reset') },
    );
  }
  throw new Error(
    `hostile-input: no generator for the route parameter :${name} of ${routeKey(route)}; add one`,
  );
}

// ── The property
// ────────────────────────────────────────────────────────────────────────────────────────

let fp: Record<string, string> | null = null;

/** After a request that changed things: the three members keep their roles and their sessions. */
async function heal(): Promise<void> {
  for (const p of people) {
    await addMember(h, org.orgId, p.who, p.role);
    if ((await h.call('GET', '/api/me', { token: p.who.token })).status !== 200)
      p.who.token = await login(h, p.who.email).catch(() => p.who.token);
  }
}

function problemsOf(route: RouteKey, path: string, res: Reply): string | null {
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

async function send(
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
  let parsed: unknown = raw;
  try {
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, text: raw, headers: res.headers };
}

describe('hostile input at every route', () => {
  const runs = new Map<string, number>();

  it('the app registers the routes this suite knows how to fill', () => {
    const routes = endpoints(h.app);
    expect(routes.length).toBeGreaterThan(50);
    for (const r of routes) {
      for (const name of paramsOf(r.path))
        expect(() => paramValue(r, name), routeKey(r)).not.toThrow();
      expect(() => sampleBody(r, fixtures[0]!), routeKey(r)).not.toThrow();
    }
  });

  it('HEAD, OPTIONS and methods a path does not have: never a 500, never a change', async () => {
    const byPath = new Map<string, Set<string>>();
    for (const r of endpoints(h.app))
      byPath.set(r.path, new Set([...(byPath.get(r.path) ?? []), r.method]));
    let before = await fingerprint(h.db);
    for (const [path, methods] of byPath) {
      const values = Object.fromEntries(
        paramsOf(path).map((n) => [
          n,
          n === 'org'
            ? org.orgId
            : n === 'token'
              ? tokens[tokenKindOf(path)!][0]!
              : fixtureId(fixtures[1]!, resourceOf(path, n)!),
        ]),
      );
      for (const method of ['HEAD', 'OPTIONS', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
        (m) => m === 'HEAD' || m === 'OPTIONS' || !methods.has(m),
      )) {
        const res = await send(
          { method, path },
          fillPath(path, values),
          { raw: '{}', type: 'application/json' },
          {
            authorization: `Bearer ${org.owner.token}`,
            origin: PUBLIC_URL,
            'access-control-request-method': 'DELETE',
            'cf-connecting-ip': '10.99.0.1',
          },
        );
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        if (res.status >= 400 && method !== 'HEAD')
          expect(
            problemsOf({ method, path }, fillPath(path, values), res),
            `${method} ${path}`,
          ).toBeNull();
        const after = await fingerprint(h.db);
        expect(changedTables(before, after), `${method} ${path} changed the database`).toEqual([]);
        before = after;
      }
    }
  });

  it(
    'never a 500, always the error shape, and a refused request changes nothing',
    async () => {
      fp = await fingerprint(h.db);
      for (const route of endpoints(h.app)) {
        const names = paramsOf(route.path);
        const params = fc.record(
          Object.fromEntries(names.map((n) => [n, paramValue(route, n)])) as Record<
            string,
            fc.Arbitrary<string>
          >,
        );
        await fc.assert(
          fc.asyncProperty(params, query, headers, bodyFor(route), async (values, q, hdrs, b) => {
            runs.set(routeKey(route), (runs.get(routeKey(route)) ?? 0) + 1);
            const search = new URLSearchParams(q).toString();
            const path = fillPath(route.path, values) + (search ? `?${search}` : '');
            const res = await send(route, path, b, hdrs as Record<string, string>);
            const problem = problemsOf(route, path, res);
            if (problem)
              throw new Error(`${route.method} ${path}: ${problem}\n${res.text.slice(0, 400)}`);
            const after = await fingerprint(h.db);
            // A refused request changes nothing, and neither does any GET (opening a link, a page
            // or a list only reads; the clock stands still, so not even a session is touched).
            if (res.status >= 400 || route.method === 'GET') {
              const changed = changedTables(fp!, after);
              if (changed.length)
                throw new Error(
                  `${route.method} ${path} answered ${res.status} but changed ${changed.join(', ')}\n${res.text.slice(0, 300)}`,
                );
            } else {
              await heal();
              fp = await fingerprint(h.db);
            }
          }),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        );
      }
      for (const route of endpoints(h.app))
        expect(runs.get(routeKey(route)), routeKey(route)).toBe(RUNS_PER_ROUTE);
    },
    Math.max(120_000, RUNS_PER_ROUTE * 6_000),
  );
});
