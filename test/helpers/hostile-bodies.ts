/**
 * Generators of hostile values for the hostile-input tests
 * (test/robustness/hostile-input-*.test.ts): text, mangled tokens, and request bodies — near-valid
 * ones (a route's valid body with one thing changed) and any others. Values drawn from the world
 * (test/helpers/hostile-world.ts) are read when generated, after its setup.
 */
import fc from 'fast-check';
import type { RouteKey } from './robustness';
import { sampleBody, type SampleBody } from './robustness-routes';
import { PASSWORD } from './seed';
import { allIds, type Body, fixtures } from './hostile-world';

export const ascii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});
export const text = fc.oneof(
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
export const fromPool = (list: () => string[]) =>
  fc.nat({ max: 10_000 }).map((i) => list()[i % list().length]!);
/** A real token with one character replaced, a piece cut off, or something appended. */
export const mangled = (list: () => string[]) =>
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
export const bodyFor = (route: RouteKey) =>
  fc.oneof({ weight: 1, arbitrary: nearValid(route) }, { weight: 1, arbitrary: anyBody });
