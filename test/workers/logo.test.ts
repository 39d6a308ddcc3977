/**
 * An uploaded logo inside workerd (no Node `Buffer` there): stored as a blob over Hrana, served back
 * byte for byte with its type, and named on the join page.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { OWNER, PUBLIC_URL } from './constants';
import { call, loginOwner } from './helpers';

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  ),
  (ch) => ch.charCodeAt(0),
);

describe('an uploaded logo in the Worker', () => {
  it('is stored, served byte for byte with nosniff, and shown on the join page', async () => {
    const token = await loginOwner();
    const me = await call('GET', '/api/me', { token });
    const orgId = me.body.memberships.find((m: { orgName: string }) => m.orgName === OWNER.orgName)
      .orgId as string;
    const put = await SELF.fetch(`${PUBLIC_URL}/api/orgs/${orgId}/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(put.status).toBe(200);
    const { url } = (await put.json()) as { url: string };
    const served = await SELF.fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);

    const link = await call('POST', `/api/orgs/${orgId}/links`, {
      token,
      body: { expiresInHours: 24 },
    });
    const page = await SELF.fetch(link.body.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain(`src="${url}"`);
    expect((await call('DELETE', `/api/orgs/${orgId}/logo`, { token })).status).toBe(204);
  });
});
