/**
 * Tenant isolation, for every route under /api/orgs/:org that the app registers (`app.routes`, so a
 * new route is covered without a change here): the owner, an admin or an admin's API key of another
 * organization gets 404 `not_found` — whether they name the victim's organization in the path, or
 * their own organization with the victim's record — and the database is unchanged. The same request by the
 * victim's own owner then succeeds, which proves the 404 came from tenancy and not from a malformed
 * request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { createApiKey } from '../helpers/api-keys';
import { orgWithRoles, type Person } from '../helpers/seed';
import {
  changedTables,
  endpoints,
  expectErrorShape,
  fingerprint,
  paramsOf,
  routeKey,
  type RouteKey,
} from '../helpers/robustness';
import {
  callRoute,
  fixtureId,
  orgFixture,
  resourceOf,
  sampleBody,
  samplePath,
  type OrgFixture,
} from '../helpers/robustness-routes';

let h: Harness;
let victim: Awaited<ReturnType<typeof orgWithRoles>>;
let intruder: Awaited<ReturnType<typeof orgWithRoles>>;
/** The intruder's organization's admin API key (acting for its admin). */
let intruderKey: Person;
beforeAll(async () => {
  h = await startHarness({ autoDeliver: false });
  victim = await orgWithRoles(h, 'Victim');
  intruder = await orgWithRoles(h, 'Intruder');
  const made = await createApiKey(h, intruder.orgId, intruder.owner.token, { role: 'admin' });
  intruderKey = { ...intruder.admin, token: made.key };
});
afterAll(() => h.close());

const orgRoutes = () => endpoints(h.app).filter((r) => r.path.startsWith('/api/orgs/:org'));

/** Path values for a route: `org` as given, every id param the fixture's record of that kind. */
function valuesFor(route: RouteKey, org: string, f: OrgFixture): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of paramsOf(route.path)) {
    if (name === 'org') values.org = org;
    else {
      const resource = resourceOf(route.path, name);
      if (!resource)
        throw new Error(
          `${routeKey(route)}: no way to exercise :${name}; teach resourceOf (test/helpers/robustness-routes.ts) what it names`,
        );
      values[name] = fixtureId(f, resource);
    }
  }
  return values;
}

async function expectRefusedUnchanged(
  route: RouteKey,
  path: string,
  f: OrgFixture,
  who: Person,
  what: string,
) {
  const before = await fingerprint(h.db);
  const res = await callRoute(h, route, path, sampleBody(route, f), who.token);
  expect(res.status, `${what}: ${routeKey(route)} → ${res.text.slice(0, 200)}`).toBe(404);
  expectErrorShape(res, what);
  expect(res.body.error.code).toBe('not_found');
  expect(
    changedTables(before, await fingerprint(h.db)),
    `${what}: ${routeKey(route)} changed the database`,
  ).toEqual([]);
}

describe('tenant isolation', () => {
  it('every id parameter of every organization route names a kind of record this suite can make', () => {
    expect(orgRoutes().length).toBeGreaterThan(30);
    for (const route of orgRoutes()) {
      for (const name of paramsOf(route.path)) {
        if (name === 'org') continue;
        expect(resourceOf(route.path, name), `${routeKey(route)} :${name}`).not.toBeNull();
      }
    }
    // Ids appear under these segments today; a new one fails the line above until it is taught.
    const withIds = orgRoutes().filter((r) => paramsOf(r.path).length > 1);
    expect(withIds.length).toBeGreaterThanOrEqual(14);
  });

  it.each(['owner', 'admin', 'adminKey'] as const)(
    'the %s of another organization gets 404 on every route and changes nothing',
    async (role) => {
      const who = role === 'adminKey' ? intruderKey : intruder[role];
      for (const route of orgRoutes()) {
        const f = await orgFixture(h, victim.orgId, victim.owner.token);
        // The victim's organization in the path (the intruder is not a member there).
        await expectRefusedUnchanged(
          route,
          samplePath(route, valuesFor(route, victim.orgId, f)),
          f,
          who,
          `${role} naming the victim's organization`,
        );
        // Their own organization in the path, with the victim's record (a key is refused its own
        // organization's keys before any record: 403, test/api/api-keys.test.ts).
        const keysOfKeys = role === 'adminKey' && route.path.includes('/api-keys');
        if (paramsOf(route.path).length > 1 && !keysOfKeys) {
          await expectRefusedUnchanged(
            route,
            samplePath(route, valuesFor(route, intruder.orgId, f)),
            f,
            who,
            `${role} with the victim's record`,
          );
        }
        // The control: the same request by the victim's owner is a valid one.
        const own = await callRoute(
          h,
          route,
          samplePath(route, valuesFor(route, victim.orgId, f)),
          sampleBody(route, f),
          victim.owner.token,
        );
        expect(own.status, `control ${routeKey(route)}: ${own.text.slice(0, 200)}`).toBeLessThan(
          400,
        );
      }
    },
  );

  it("references to another organization's records inside bodies and queries are refused or find nothing", async () => {
    const f = await orgFixture(h, victim.orgId, victim.owner.token);
    const base = `/api/orgs/${intruder.orgId}`;
    const own = await orgFixture(h, intruder.orgId, intruder.owner.token);
    const refused: [string, string, unknown][] = [
      ['POST', `${base}/links`, { expiresInHours: 24, departmentId: f.department }],
      [
        'POST',
        `${base}/invitations`,
        { email: 'x1@example.com', role: 'member', departmentId: f.department },
      ],
      [
        'POST',
        `${base}/invitations`,
        {
          email: 'x2@example.com',
          role: 'member',
          workspaces: [{ workspaceId: f.workspace, role: 'member' }],
        },
      ],
      [
        'PUT',
        `${base}/invitations/${own.invitation.id}/workspaces`,
        { workspaces: [{ workspaceId: f.workspace, role: 'member' }] },
      ],
      [
        'POST',
        `${base}/members`,
        { firstName: 'X', lastName: 'Y', email: 'x3@example.com', departmentId: f.department },
      ],
      ['PATCH', `${base}/members/${own.member}`, { departmentId: f.department }],
      ['POST', `${base}/departments`, { name: 'Child', parentId: f.department }],
      ['PATCH', `${base}/departments/${own.department}`, { parentId: f.department }],
    ];
    for (const [method, path, body] of refused) {
      const before = await fingerprint(h.db);
      const res = await h.call(method, path, { token: intruder.owner.token, body });
      expect([404, 422], `${method} ${path} ${JSON.stringify(body)}: ${res.text}`).toContain(
        res.status,
      );
      expectErrorShape(res);
      expect(changedTables(before, await fingerprint(h.db)), `${method} ${path}`).toEqual([]);
    }
    // Bulk "send invitation" to the victim's people: each one is not found, nothing is queued.
    const before = await fingerprint(h.db);
    const bulk = await h.call('POST', `${base}/members/invite`, {
      token: intruder.owner.token,
      body: { userIds: [f.member, victim.member.id], channel: 'email' },
    });
    expect(bulk.body).toEqual({
      queued: 0,
      errors: [f.member, victim.member.id].map((userId) =>
        expect.objectContaining({ userId, code: 'not_found' }),
      ),
    });
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    // Filters naming the victim's records find nothing of theirs.
    const apps = await h.call('GET', `${base}/applications?linkId=${f.link.id}`, {
      token: intruder.owner.token,
    });
    expect(apps.body.items).toEqual([]);
    for (const q of ['applicant', 'invitee', 'person', 'victim']) {
      const found = await h.call('GET', `${base}/search?q=${q}`, { token: intruder.owner.token });
      expect(found.status).toBe(200);
      const ids = new Set([
        f.application,
        f.invitation.id,
        f.member,
        victim.owner.id,
        victim.admin.id,
        victim.member.id,
      ]);
      expect(found.body.items.filter((i: { id: string }) => ids.has(i.id))).toEqual([]);
    }
  });
});
