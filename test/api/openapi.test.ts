/**
 * The API reference (worker/src/http/openapi.ts, openapi-document.ts, api-reference.tsx): the
 * document lists exactly the routes the app serves, is a well-formed OpenAPI 3.1 document whose
 * references all resolve, describes each request body as the route validates it, leaks nothing of
 * the server but its origin, and the page shows it without loading anything from elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitationRequestSchema } from '../../shared/api/invitations';
import { ERROR_CODES } from '../../shared/errors';
import type { ApiDocument, JsonSchema } from '../../worker/src/http/openapi-document';
import { PUBLIC_URL, startHarness, TEST_SECRET, type Harness } from '../helpers/harness';
import { endpoints, routeKey } from '../helpers/robustness';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let doc: ApiDocument;
beforeAll(async () => {
  h = await startHarness({ autoDeliver: false });
  const res = await h.request('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await res.json()) as ApiDocument;
});
afterAll(() => h.close());

/** The document's operations as `METHOD /path/:param`, the way Hono names routes. */
const documented = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      path,
      op,
    })),
  );

/** The value a JSON pointer (`#/components/schemas/Error`) names in the document, or undefined. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe('GET /openapi.json', () => {
  it('documents every route the app serves under /api, and /health, and none that it does not', () => {
    const served = endpoints(h.app)
      .filter((r) => /^\/api(\/|$)/.test(r.path) || r.path === '/health')
      .map(routeKey);
    const listed = documented()
      .map((o) => o.key)
      .filter((k) => k !== 'GET /openapi.json');
    expect([...new Set(listed)].sort()).toEqual([...new Set(served)].sort());
    // The rest of what it lists is served too (GET /openapi.json itself).
    const all = endpoints(h.app).map(routeKey);
    expect(documented().filter((o) => !all.includes(o.key))).toEqual([]);
  });

  it('is an OpenAPI 3.1 document: operations with answers, parameters for their paths, resolvable references', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    const tags = new Set(doc.tags.map((t) => t.name));
    const ids = new Set<string>();
    for (const { key, path, op } of documented()) {
      expect(Object.keys(op.responses).length, key).toBeGreaterThan(0);
      expect(
        Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)),
        key,
      ).toBe(true);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.description, `${key} ${status}`).toBeTruthy();
        if (Number(status) >= 400) {
          expect(response.content?.['application/json']?.schema, `${key} ${status}`).toEqual({
            $ref: '#/components/schemas/Error',
          });
        }
      }
      expect(
        op.tags.every((t) => tags.has(t)),
        key,
      ).toBe(true);
      expect(ids.has(op.operationId), key).toBe(false);
      ids.add(op.operationId);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(params.map((p) => p.name).sort(), key).toEqual([...inPath].sort());
      expect(params.every((p) => p.required)).toBe(true);
    }
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it('writes the error shape once, with the codes of shared/errors.ts', () => {
    const error = doc.components.schemas.Error as {
      required: string[];
      properties: { error: { required: string[]; properties: Record<string, JsonSchema> } };
    };
    expect(error.required).toEqual(['error']);
    expect(error.properties.error.required.sort()).toEqual(['code', 'message', 'requestId']);
    expect(Object.keys(error.properties.error.properties).sort()).toEqual([
      'code',
      'fields',
      'message',
      'requestId',
    ]);
    expect(error.properties.error.properties.code!.enum).toEqual(ERROR_CODES);
  });

  it('says which routes take a session token and which are public', () => {
    const ops = Object.fromEntries(documented().map((o) => [o.key, o.op]));
    expect(ops['GET /api/me']!.security).toEqual([{ session: [] }]);
    expect(ops['POST /api/auth/login']!.security).toEqual([]);
    expect(ops['GET /api/invite/:token']!.security).toEqual([{}, { session: [] }]);
    expect(Object.keys(ops['GET /api/me']!.responses)).toContain('401');
    expect(ops['GET /api/me']!.responses['401']!.description).toContain('unauthenticated');
    expect(ops['POST /api/auth/login']!.responses['401']!.description).not.toContain(
      'unauthenticated',
    );
    expect(doc.components.securitySchemes.session).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it("describes the create-invitation body as the route's zod schema", () => {
    const op = doc.paths['/api/orgs/{org}/invitations']!.post!;
    const schema = op.requestBody!.content['application/json']!.schema as {
      properties: Record<string, JsonSchema>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(op.requestBody!.required).toBe(true);
    expect(Object.keys(schema.properties).sort()).toEqual(
      Object.keys(createInvitationRequestSchema._zod.def.shape).sort(),
    );
    // What the schema refuses when it is missing is what the document requires.
    const missing = createInvitationRequestSchema
      .safeParse({})
      .error!.issues.map((i) => String(i.path[0]));
    expect(schema.required.sort()).toEqual([...new Set(missing)].sort());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.channel).toMatchObject({ enum: ['email', 'sms', 'link'] });
  });

  it('describes every JSON body as its route checks it: its required fields, and no others', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const fill = (path: string) =>
      path
        .replace('{org}', orgId)
        .replace(/\{(id|userId)\}/, 'no-such-record')
        .replace('{token}', 'not-a-token');
    let checked = 0;
    for (const { key, path, op } of documented()) {
      const schema = op.requestBody?.content['application/json']?.schema as
        | { properties?: Record<string, JsonSchema>; required?: string[] }
        | undefined;
      if (!schema) continue;
      const method = key.split(' ')[0]!;
      const properties = Object.keys(schema.properties ?? {});
      // Nothing at all: the route names every field the document requires (or refuses the whole).
      const empty = await h.call(method, fill(path), { token: owner.token, body: {} });
      if (schema.required?.length) {
        expect(empty.status, key).toBe(422);
        expect(empty.body.error.code, key).toBe('invalid_input');
        for (const name of schema.required)
          expect(Object.keys(empty.body.error.fields), key).toContain(name);
      }
      if (empty.status === 422) {
        for (const field of Object.keys(empty.body.error.fields)) {
          expect(['_', ...properties], `${key}: ${field}`).toContain(field.split('.')[0]);
        }
      }
      // A field the document does not list: refused.
      const extra = await h.call(method, fill(path), {
        token: owner.token,
        body: { notInTheDocument: 1 },
      });
      expect(extra.status, key).toBe(422);
      expect(Object.keys(extra.body.error.fields), key).toContain('notInTheDocument');
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it("names only the server's own origin, and nothing secret or of this machine", async () => {
    expect(doc.servers).toEqual([{ url: PUBLIC_URL }]);
    const text = JSON.stringify(doc);
    for (const leak of [TEST_SECRET, h.dbFile, 'file:', 'tmp/', 'invitations-test-']) {
      expect(text).not.toContain(leak);
    }
    const other = await startHarness({ publicUrl: 'https://invites.example.org' });
    try {
      const res = await other.request('/openapi.json');
      expect(((await res.json()) as ApiDocument).servers).toEqual([
        { url: 'https://invites.example.org' },
      ]);
    } finally {
      await other.close();
    }
  });

  it('answers without signing in, and the same every time', async () => {
    const again = await h.call('GET', '/openapi.json');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(doc);
  });
});

describe('GET /docs/api', () => {
  it('lists every operation, its parameters and body schema, loading nothing from elsewhere', async () => {
    const res = await h.request('/docs/api', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    for (const { path, op } of documented()) {
      expect(html).toContain(`<code>${path}</code>`);
      expect(html).toContain(`id="${op.operationId}"`);
      for (const tag of op.tags) expect(html).toContain(tag.replace(/'/g, '&#39;'));
    }
    // The create-invitation body's schema, with its fields, is shown as JSON.
    expect(html).toContain('&quot;workspaces&quot;');
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src="http|href="https?:/i);
    expect(html).not.toContain(TEST_SECRET);
  });
});
