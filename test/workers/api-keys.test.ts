/**
 * An API key inside workerd (features/api-keys/): made by the owner, it works on its
 * organization's routes with its rate counter in the database, is refused on a person's routes, and
 * stops once revoked.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rateLimits } from '../../worker/src/db/schema';
import { call, db, loginOwner } from './helpers';

describe('API keys in the Worker', () => {
  it('work on their organization, count in the database, and stop when revoked', async () => {
    const token = await loginOwner();
    const me = await call('GET', '/api/me', { token });
    const orgId = me.body.memberships[0].orgId as string;
    const made = await call('POST', `/api/orgs/${orgId}/api-keys`, {
      token,
      body: { name: 'Workers key', role: 'admin' },
    });
    expect(made.status).toBe(201);
    const key = made.body.key as string;
    expect(key).toMatch(/^inv_key_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);

    expect((await call('GET', `/api/orgs/${orgId}/members`, { token: key })).status).toBe(200);
    expect((await call('GET', '/api/me', { token: key })).status).toBe(403);
    const [counter] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `apikey:${made.body.id}`));
    expect(counter!.count).toBe(1);

    const revoked = await call('DELETE', `/api/orgs/${orgId}/api-keys/${made.body.id}`, { token });
    expect(revoked.status).toBe(204);
    expect((await call('GET', `/api/orgs/${orgId}/members`, { token: key })).status).toBe(401);
  });
});
