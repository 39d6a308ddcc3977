/**
 * Managing API keys: owners and admins, signed in as themselves, create (the key shown once),
 * list (never the secret) and revoke them; members, outsiders and keys themselves may not.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys, auditEvents } from '../../worker/src/db/schema';
import { createApiKey, secretOf } from '../helpers/api-keys';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

const keys = (orgId: string) => `/api/orgs/${orgId}/api-keys`;

describe('POST /api/orgs/:org/api-keys', () => {
  it('gives an owner the key once: a recognizable prefix, 32 random bytes, stored as a hash', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const res = await h.call('POST', keys(orgId), {
      token: owner.token,
      body: { name: 'Billing sync', role: 'admin', expiresInDays: 30 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Billing sync',
      role: 'admin',
      createdBy: { id: owner.id },
      createdAt: new Date(h.clock.now()).toISOString(),
      expiresAt: new Date(h.clock.now() + 30 * 86_400_000).toISOString(),
    });
    expect(res.body.key).toMatch(/^inv_key_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    expect(res.body.key).toContain(`inv_key_${res.body.id}.`);
    const [row] = await h.db.select().from(apiKeys).where(eq(apiKeys.id, res.body.id));
    const secret = secretOf(res.body.key);
    expect(row!.secretHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row!.lastFour).toBe(secret.slice(-4));
  });

  it('lets an admin create admin and member keys, never an owner key', async () => {
    const { orgId, admin, owner } = await orgWithRoles(h);
    expect((await createApiKey(h, orgId, admin.token, { role: 'admin' })).role).toBe('admin');
    expect((await createApiKey(h, orgId, admin.token, { role: 'member' })).role).toBe('member');
    const before = await h.db.select().from(apiKeys);
    for (const token of [admin.token, owner.token]) {
      const res = await h.call('POST', keys(orgId), {
        token,
        body: { name: 'Too strong', role: 'owner' },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.fields.role).toBeDefined();
    }
    expect(await h.db.select().from(apiKeys)).toEqual(before);
  });

  it('refuses members (403), outsiders (404) and nobody signed in (401)', async () => {
    const { orgId, member } = await orgWithRoles(h);
    const outsider = await createUser(h, 'outsider@evil.example');
    const body = { name: 'Mine', role: 'member' };
    expect((await h.call('POST', keys(orgId), { token: member.token, body })).status).toBe(403);
    expect((await h.call('POST', keys(orgId), { token: outsider.token, body })).status).toBe(404);
    expect((await h.call('POST', keys(orgId), { body })).status).toBe(401);
    expect(await h.db.select().from(apiKeys)).toEqual([]);
  });

  it('refuses bad input with the fields at fault and creates nothing', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    for (const body of [
      { name: '', role: 'admin' },
      { name: 'x'.repeat(101), role: 'admin' },
      { name: 'Fine', role: 'admin', expiresInDays: 0 },
      { name: 'Fine', role: 'admin', expiresInDays: 731 },
      { name: 'Fine', role: 'superuser' },
      { name: 'Fine' },
    ]) {
      const res = await h.call('POST', keys(orgId), { token: owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
    }
    expect(await h.db.select().from(apiKeys)).toEqual([]);
  });

  it('is refused to a key, even an admin key (keys cannot create keys)', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const { key } = await createApiKey(h, orgId, owner.token);
    const res = await h.call('POST', keys(orgId), {
      token: key,
      body: { name: 'Child', role: 'member' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.body.error.message).toMatch(/API keys cannot/);
    expect(await h.db.select().from(apiKeys)).toHaveLength(1);
  });
});

describe('GET /api/orgs/:org/api-keys', () => {
  it('lists the keys newest first with a hint, never the secret, to owners and admins', async () => {
    const { orgId, owner, admin } = await orgWithRoles(h);
    const first = await createApiKey(h, orgId, owner.token, { name: 'First' });
    h.clock.advance(1000);
    const second = await createApiKey(h, orgId, admin.token, { name: 'Second', role: 'member' });
    const res = await h.call('GET', keys(orgId), { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((k: { name: string }) => k.name)).toEqual(['Second', 'First']);
    expect(res.body.items[0]).toMatchObject({
      id: second.id,
      role: 'member',
      hint: `inv_key_${second.id}.…${secretOf(second.key).slice(-4)}`,
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      createdBy: { id: admin.id, name: 'admin' },
    });
    for (const k of [first, second]) expect(res.text).not.toContain(secretOf(k.key));
    expect(Object.keys(res.body.items[0])).not.toContain('key');
  });

  it('records the last use (at most once a minute)', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token);
    h.clock.advance(5000);
    expect((await h.call('GET', `/api/orgs/${orgId}/members`, { token: made.key })).status).toBe(
      200,
    );
    await h.settled();
    const res = await h.call('GET', keys(orgId), { token: owner.token });
    expect(res.body.items[0].lastUsedAt).toBe(new Date(h.clock.now()).toISOString());
  });

  it('is refused to members (403) and keys (403)', async () => {
    const { orgId, owner, member } = await orgWithRoles(h);
    const { key } = await createApiKey(h, orgId, owner.token);
    expect((await h.call('GET', keys(orgId), { token: member.token })).status).toBe(403);
    const byKey = await h.call('GET', keys(orgId), { token: key });
    expect(byKey.status).toBe(403);
    expect(byKey.text).not.toContain(secretOf(key));
  });
});

describe('DELETE /api/orgs/:org/api-keys/:id', () => {
  it('revokes a key: refused from the next request on, kept in the list as revoked, audited', async () => {
    const { orgId, owner, admin } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token);
    const members = `/api/orgs/${orgId}/members`;
    expect((await h.call('GET', members, { token: made.key })).status).toBe(200);
    h.clock.advance(1000);
    const res = await h.call('DELETE', `${keys(orgId)}/${made.id}`, { token: admin.token });
    expect(res.status).toBe(204);
    const refused = await h.call('GET', members, { token: made.key });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthenticated');
    const list = await h.call('GET', keys(orgId), { token: owner.token });
    expect(list.body.items[0].revokedAt).toBe(new Date(h.clock.now()).toISOString());
    // Revoking it again changes nothing (no second event).
    h.clock.advance(1000);
    expect(
      (await h.call('DELETE', `${keys(orgId)}/${made.id}`, { token: owner.token })).status,
    ).toBe(204);
    const events = await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, made.id));
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['api_key.create', owner.id],
      ['api_key.revoke', admin.id],
    ]);
    expect(JSON.stringify(events)).not.toContain(secretOf(made.key));
  });

  it("answers 404 for an unknown key and another organization's key, and changes nothing", async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const beta = await orgWithRoles(h, 'Beta');
    const theirs = await createApiKey(h, beta.orgId, beta.owner.token);
    for (const id of ['nosuchkey', theirs.id]) {
      const res = await h.call('DELETE', `${keys(orgId)}/${id}`, { token: owner.token });
      expect(res.status).toBe(404);
    }
    expect(
      (await h.call('GET', `/api/orgs/${beta.orgId}/members`, { token: theirs.key })).status,
    ).toBe(200);
  });

  it('is refused to members and to keys (even the key itself)', async () => {
    const { orgId, owner, member } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token);
    const path = `${keys(orgId)}/${made.id}`;
    expect((await h.call('DELETE', path, { token: member.token })).status).toBe(403);
    expect((await h.call('DELETE', path, { token: made.key })).status).toBe(403);
    const [row] = await h.db.select().from(apiKeys);
    expect(row!.revokedAt).toBeNull();
  });
});
