import { hc } from 'hono/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppType } from '../../worker/src/app';
import { startHarness, type Harness } from '../helpers/harness';
import { createUser } from '../helpers/seed';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const EXTENSION = 'chrome-extension://kgknponoaabbnjcnjoeagpodpmkkpgfh';

describe('CORS', () => {
  it('admits the extension and the server itself, and nobody else', async () => {
    const preflight = (origin: string) =>
      h.app.request('/api/me', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const ok = await preflight(EXTENSION);
    expect(ok.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(
      (await preflight('http://localhost:8787')).headers.get('access-control-allow-origin'),
    ).toBe('http://localhost:8787');
    // Firefox gives every install its own uuid: any of them.
    const firefox = 'moz-extension://6f1d3c52-0b7a-4c1e-9d3e-2a5b8c7d9e10';
    expect((await preflight(firefox)).headers.get('access-control-allow-origin')).toBe(firefox);
    for (const evil of [
      'https://evil.example',
      'chrome-extension://someoneelse',
      'null',
      'moz-extension://*',
      'moz-extension://evil.example',
      `${firefox}.evil.example`,
    ]) {
      expect((await preflight(evil)).headers.get('access-control-allow-origin'), evil).toBeNull();
    }
  });

  it('admits Firefox installs only while EXTENSION_ORIGINS says so', async () => {
    await h.close();
    h = await startHarness({ extensionOrigins: [EXTENSION] });
    const res = await h.app.request('/api/me', {
      method: 'OPTIONS',
      headers: {
        origin: 'moz-extension://6f1d3c52-0b7a-4c1e-9d3e-2a5b8c7d9e10',
        'access-control-request-method': 'GET',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the exported app type', () => {
  it('drives a typed hc client through the real app', async () => {
    const alice = await createUser(h, 'alice@example.com', { name: 'Alice' });
    const client = hc<AppType>('http://localhost:8787', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) =>
        h.app.request(input instanceof Request ? input : String(input), init),
      headers: { authorization: `Bearer ${alice.token}` },
    });
    const res = await client.api.me.$get();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user.name).toBe('Alice');
  });
});

describe('security headers', () => {
  it('sends no-referrer, no-store on the API, and a strict content security policy', async () => {
    const res = await h.app.request('/health');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    const api = await h.app.request('/api/me');
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.status).toBe(401);
  });

  it('answers unknown addresses with the error shape', async () => {
    const res = await h.call('GET', '/no/such/page');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
