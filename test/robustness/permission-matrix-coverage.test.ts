/**
 * The permission matrix (test/helpers/permission-rows.ts, the table of docs/DESIGN.md §2) against
 * the app: a new signed-in route without a row (or a row for a route that is gone) fails, and every
 * route the matrix leaves out as public answers someone who is not signed in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { endpoints, routeKey } from '../helpers/robustness';
import { PUBLIC } from '../helpers/permission-matrix';
import { MATRIX } from '../helpers/permission-rows';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ autoDeliver: false });
});
afterAll(() => h.close());

describe('the permission matrix covers the app', () => {
  it('has a row for every signed-in route and none for a route that does not exist', () => {
    const registered = endpoints(h.app).map(routeKey);
    const signedIn = registered.filter((k) => !PUBLIC.includes(k));
    expect([...new Set(MATRIX.map((r) => r.route))].sort()).toEqual([...signedIn].sort());
    expect(PUBLIC.filter((k) => !registered.includes(k))).toEqual([]);
  });

  it('every route it calls public answers someone who is not signed in (no 401)', async () => {
    for (const key of PUBLIC) {
      const [method, path] = key.split(' ') as [string, string];
      const res = await h.call(
        method,
        path.replace(':token', 'not-a-token'),
        method === 'GET' ? {} : { body: {} },
      );
      expect(res.status, key).not.toBe(401);
      expect(res.status, key).toBeLessThan(500);
    }
  });
});
