/**
 * Generators of hostile requests for the hostile-input tests
 * (test/robustness/hostile-input-*.test.ts): query strings, headers and route parameters (mostly
 * the right kind of real id or token, then wrong kinds, mangled ones, garbage).
 */
import fc from 'fast-check';
import { PUBLIC_URL } from './harness';
import { routeKey, type RouteKey } from './robustness';
import { fixtureId, resourceOf, tokenKindOf } from './robustness-routes';
import { ascii, fromPool, mangled, text } from './hostile-bodies';
import { allIds, allTokens, fixtures, org, otherOrgId, people, tokens } from './hostile-world';

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
export const query = fc.array(
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

export const headers = fc.record(
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
export function paramValue(route: RouteKey, name: string): fc.Arbitrary<string> {
  // An uploaded logo's address: any organization, any version (features/organizations/logo-api.ts).
  if (name === 'orgId') return fc.oneof(fc.constant(org.orgId), fc.constant(otherOrgId), text);
  if (name === 'etag') return text;
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
