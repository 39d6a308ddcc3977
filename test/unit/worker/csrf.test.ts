import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../../worker/src/http/middleware/csrf';

const own = ['http://localhost:8787', 'http://127.0.0.1:8787'];

describe('the cookie-free CSRF check', () => {
  it('trusts Sec-Fetch-Site when the browser sends it, even with Origin: null under no-referrer', () => {
    expect(isCrossSiteRequest({ fetchSite: 'same-origin', origin: 'null' }, own)).toBe(false);
    expect(isCrossSiteRequest({ fetchSite: 'none' }, own)).toBe(false);
    expect(
      isCrossSiteRequest({ fetchSite: 'cross-site', origin: 'http://localhost:8787' }, own),
    ).toBe(true);
    expect(
      isCrossSiteRequest({ fetchSite: 'same-site', origin: 'http://evil.localhost:8787' }, own),
    ).toBe(true);
  });

  it('falls back to Origin, refusing foreign and opaque origins', () => {
    expect(isCrossSiteRequest({ origin: 'http://127.0.0.1:8787' }, own)).toBe(false);
    expect(isCrossSiteRequest({ origin: 'https://evil.example' }, own)).toBe(true);
    expect(isCrossSiteRequest({ origin: 'null' }, own)).toBe(true);
  });

  it('lets clients that are not browsers through', () => {
    expect(isCrossSiteRequest({}, own)).toBe(false);
  });
});
