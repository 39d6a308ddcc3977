/**
 * Hostile input at every route the app registers (`app.routes`, so a new route is covered without a
 * change here): generated path parameters (real ids and tokens, mangled ones, garbage), query
 * strings, headers, JSON and non-JSON bodies (test/helpers/hostile-requests.ts and
 * hostile-bodies.ts). Whatever arrives: never a 500; an API error is the contract's
 * `{error: {code, message}}` with a code of shared/errors.ts and the status that code has; and a
 * refused request leaves the whole database as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changedTables,
  endpoints,
  fillPath,
  fingerprint,
  paramsOf,
  routeKey,
} from '../helpers/robustness';
import { sampleBody } from '../helpers/robustness-routes';
import { h, fixtures, hostileWorld, heal, problemsOf, send } from '../helpers/hostile-world';
import { bodyFor } from '../helpers/hostile-bodies';
import { query, headers, paramValue } from '../helpers/hostile-requests';

hostileWorld();

/**
 * Runs per route (about 70 routes, so about 1 400 requests); ROBUSTNESS_RUNS=200 for a longer hunt.
 */
const RUNS_PER_ROUTE = Number(process.env.ROBUSTNESS_RUNS) || 20;

let fp: Record<string, string> | null = null;

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
