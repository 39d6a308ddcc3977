import { describe, expect, it } from 'vitest';
import { organizations } from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('organizations', () => {
  it('POST /api/orgs makes the caller its owner with default settings', async () => {
    const alice = await createUser(h, 'alice@example.com');
    const res = await h.call('POST', '/api/orgs', {
      token: alice.token,
      body: { name: '  Acme Corp  ' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Acme Corp',
      settings: {
        allowMemberLinks: true,
        inviteTtlHours: 72,
        linkMaxTtlHours: 720,
        sendInitialPassword: false,
      },
    });
    expect(res.body.slug).toMatch(/^acme-corp-[a-z0-9x]+$/);
    const me = await h.call('GET', '/api/me', { token: alice.token });
    expect(me.body.memberships).toEqual([
      { orgId: res.body.id, orgName: 'Acme Corp', role: 'owner' },
    ]);
  });

  it('needs a signed-in caller and a valid name', async () => {
    expect((await h.call('POST', '/api/orgs', { body: { name: 'Acme' } })).status).toBe(401);
    const alice = await createUser(h, 'alice@example.com');
    for (const name of ['', '   ', 'a'.repeat(101), 'two\nlines', 42]) {
      const res = await h.call('POST', '/api/orgs', { token: alice.token, body: { name } });
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect(res.body.error.fields.name).toBeTruthy();
    }
    expect(await h.db.select().from(organizations)).toHaveLength(0);
  });

  it('shows settings to owners and admins only', async () => {
    const { orgId, owner, admin, member } = await orgWithRoles(h);
    expect(
      (await h.call('GET', `/api/orgs/${orgId}`, { token: owner.token })).body.settings,
    ).toBeDefined();
    expect(
      (await h.call('GET', `/api/orgs/${orgId}`, { token: admin.token })).body.settings,
    ).toBeDefined();
    const seen = await h.call('GET', `/api/orgs/${orgId}`, { token: member.token });
    expect(seen.status).toBe(200);
    expect(seen.body.name).toBe('Acme');
    expect(seen.body.settings).toBeUndefined();
  });

  it('answers 404 for an organization the caller is not in, and for one that does not exist', async () => {
    const a = await orgWithRoles(h, 'Acme');
    const b = await orgWithRoles(h, 'Globex');
    for (const path of [
      `/api/orgs/${b.orgId}`,
      '/api/orgs/nope',
      `/api/orgs/${b.orgId}/departments`,
      `/api/orgs/${b.orgId}/audit`,
    ]) {
      const res = await h.call('GET', path, { token: a.owner.token });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});
