/**
 * Hostile input at every path the app registers (`app.routes`): HEAD, OPTIONS (a CORS preflight)
 * and every method a path does not have, with real ids and tokens. Whatever arrives: never a 500;
 * an API error is the contract's `{error: {code, message}}` with a code of shared/errors.ts and the
 * status that code has; and nothing changes in the database.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_URL } from '../helpers/harness';
import { changedTables, endpoints, fillPath, fingerprint, paramsOf } from '../helpers/robustness';
import { fixtureId, resourceOf, tokenKindOf } from '../helpers/robustness-routes';
import { h, org, fixtures, tokens, hostileWorld, problemsOf, send } from '../helpers/hostile-world';

hostileWorld();

describe('hostile input at every route', () => {
  it('HEAD, OPTIONS and methods a path does not have: never a 500, never a change', async () => {
    const byPath = new Map<string, Set<string>>();
    for (const r of endpoints(h.app))
      byPath.set(r.path, new Set([...(byPath.get(r.path) ?? []), r.method]));
    let before = await fingerprint(h.db);
    for (const [path, methods] of byPath) {
      const values = Object.fromEntries(
        paramsOf(path).map((n) => [
          n,
          n === 'org' || n === 'orgId'
            ? org.orgId
            : n === 'etag'
              ? 'any-version'
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
});
