/**
 * The permission matrix of docs/DESIGN.md §2 as a table (test/helpers/permission-rows.ts): one row
 * per signed-in route the app registers (and a few variants where the rule depends on whose record
 * it is or on a setting), with the outcome for each role — owner, admin, workspace manager, member,
 * a signed-in outsider, and nobody signed in. Every case runs on fresh records with a fresh person
 * holding the role; a refused request changes nothing.
 * test/robustness/permission-matrix-coverage.test.ts compares the table with `app.routes`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { orgWithRoles } from '../helpers/seed';
import { changedTables, expectErrorShape, fingerprint, paramsOf } from '../helpers/robustness';
import {
  actorWithRole,
  callRoute,
  fixtureId,
  orgFixture,
  resourceOf,
  ROLES,
  sampleBody,
  samplePath,
  type OrgFixture,
} from '../helpers/robustness-routes';
import type { Ctx } from '../helpers/permission-matrix';
import { MATRIX } from '../helpers/permission-rows';

let h: Harness;
let base: Awaited<ReturnType<typeof orgWithRoles>>;
/**
 * Records for the cases that must be refused: a refused request changes nothing (checked), so they
 * can share.
 */
let shared: OrgFixture;
beforeAll(async () => {
  h = await startHarness({ autoDeliver: false });
  base = await orgWithRoles(h);
  shared = await orgFixture(h, base.orgId, base.owner.token);
});
afterAll(() => h.close());

describe.each(
  MATRIX.map((row) => [`${row.route}${row.variant ? ` (${row.variant})` : ''}`, row] as const),
)('%s', (_name, row) => {
  it.each(ROLES)('%s', async (role) => {
    const [method, path] = row.route.split(' ') as [string, string];
    const route = { method, path };
    const want = row.expect[role];
    // Each allowed case on records newer than any before (lists are newest first), made for it
    // alone.
    h.clock.advance(1_000);
    const f = want === 'ok' ? await orgFixture(h, base.orgId, base.owner.token) : shared;
    const actor = await actorWithRole(h, f, role);
    const values: Record<string, string> = {};
    const ctx: Ctx = { h, f, role, actor, rootOwner: base.owner, values };
    for (const name of paramsOf(path))
      values[name] = name === 'org' ? f.orgId : fixtureId(f, resourceOf(path, name)!);
    Object.assign(values, await row.params?.(ctx));
    await row.setup?.(ctx);
    try {
      const body = row.body ? row.body(ctx) : sampleBody(route, f);
      const before = want === 'ok' ? null : await fingerprint(h.db);
      const res = await callRoute(h, route, samplePath(route, values), body, actor?.token);
      if (want === 'ok') {
        expect(res.status, `${role}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
        await row.check?.(res, ctx);
      } else {
        expect(res.status, `${role}: ${res.text.slice(0, 300)}`).toBe(want);
        expectErrorShape(res, role);
        expect(
          changedTables(before!, await fingerprint(h.db)),
          `${role} was refused but the database changed`,
        ).toEqual([]);
      }
    } finally {
      await row.cleanup?.(ctx);
    }
  });
});
