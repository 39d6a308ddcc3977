/**
 * Addresses that are not pages: a browser gets a page that says so, the API and other clients the
 * error shape; `/favicon.ico` is answered (the hosted pages carry their icon inline).
 */
import { describe, expect, it } from 'vitest';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';

let h: Harness;
freshHarness((s) => ({ h } = s));

const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('addresses that are not pages', () => {
  it('a browser gets a "Page not found" page, with the hosted pages’ headers', async () => {
    const res = await h.request('/no/such/page', { headers: BROWSER });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const text = await res.text();
    expect(text).toContain('<title>Page not found · Invitations</title>');
    expect(text).toContain('There is nothing at this address.');
  });

  it('the API and clients that do not ask for HTML get the error shape', async () => {
    const posted = await h.request('/no/such/page', { method: 'POST', headers: BROWSER });
    expect(posted.status).toBe(404);
    expect((await posted.json()).error.code).toBe('not_found');
    for (const [path, headers] of [
      ['/api/no/such/route', BROWSER],
      ['/api', BROWSER],
      ['/api/join/..', BROWSER],
      ['/no/such/page', { accept: 'application/json' }],
      ['/no/such/page', {}],
    ] as const) {
      const res = await h.request(path, { headers });
      expect([path, res.status]).toEqual([path, 404]);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it('answers /favicon.ico without content, and every hosted page carries its icon inline', async () => {
    const icon = await h.request('/favicon.ico', { headers: BROWSER });
    expect(icon.status).toBe(204);
    expect(icon.headers.get('cache-control')).toContain('max-age=86400');
    const login = await (await h.request('/login', { headers: BROWSER })).text();
    expect(login).toMatch(/<link rel="icon" href="data:image\/svg\+xml,[^"]+"/);
  });
});
