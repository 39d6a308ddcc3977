/**
 * API keys against someone who holds one, or pieces of one (docs/SECURITY.md, "API keys"): a key
 * opens one organization however its creator's other memberships stand, a session's token is no
 * key and a key is no session, a key read after its role changed is answered in its role now, and
 * what a member key creates carries no more than a member may grant.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../worker/src/db/schema';
import { createApiKey, secretOf } from '../helpers/api-keys';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addMember, createOrg, createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('a key opens its own organization only', () => {
  it('not another organization its creator also owns: 404 on reads and writes, nothing changes', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const otherId = await createOrg(h, owner, 'Owned Too');
    const { key } = await createApiKey(h, orgId, owner.token);
    for (const [method, path, body] of [
      ['GET', `/api/orgs/${otherId}`, undefined],
      ['GET', `/api/orgs/${otherId}/members`, undefined],
      ['GET', `/api/orgs/${otherId}/audit`, undefined],
      ['POST', `/api/orgs/${otherId}/workspaces`, { name: 'Sideways' }],
      ['POST', `/api/orgs/${otherId}/links`, { expiresInHours: 24 }],
    ] as const) {
      const res = await h.call(method, path, { token: key, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const ws = await h.call('GET', `/api/orgs/${otherId}/workspaces`, { token: owner.token });
    expect(ws.body.items).toEqual([]);
  });

  it('a key of one organization cannot reach records of another through its own path', async () => {
    const acme = await orgWithRoles(h);
    const beta = await orgWithRoles(h, 'Beta');
    const betaWs = await h.call('POST', `/api/orgs/${beta.orgId}/workspaces`, {
      token: beta.owner.token,
      body: { name: 'Beta only' },
    });
    const { key } = await createApiKey(h, acme.orgId, acme.owner.token);
    const id = betaWs.body.id as string;
    const rename = await h.call('PATCH', `/api/orgs/${acme.orgId}/workspaces/${id}`, {
      token: key,
      body: { name: 'Stolen' },
    });
    expect(rename.status).toBe(404);
    const member = await h.call('GET', `/api/orgs/${acme.orgId}/members/${beta.member.id}`, {
      token: key,
    });
    expect(member.status).toBe(404);
  });
});

describe('sessions and keys do not stand in for each other', () => {
  it("a session's token dressed as a key, and a key's parts sent as a session, answer 401", async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token);
    const path = `/api/orgs/${orgId}/members`;
    for (const token of [`inv_key_${owner.token}`, `${made.id}.${secretOf(made.key)}`]) {
      const res = await h.call('GET', path, { token });
      expect(res.status, token.slice(0, 12)).toBe(401);
    }
  });

  it('the hash in the database is not a key: its value as the secret answers 401', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token);
    const [row] = await h.db.select().from(apiKeys).where(eq(apiKeys.id, made.id));
    const res = await h.call('GET', `/api/orgs/${orgId}/members`, {
      token: `inv_key_${made.id}.${row!.secretHash}`,
    });
    expect(res.status).toBe(401);
  });
});

describe("a key's role is what it is now", () => {
  it('a key read after its role was lowered in the database sees what a member sees', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token, { role: 'admin' });
    const path = `/api/orgs/${orgId}/members`;
    expect((await h.call('GET', path, { token: made.key })).status).toBe(200);
    await h.db.update(apiKeys).set({ role: 'member' }).where(eq(apiKeys.id, made.id));
    const res = await h.call('GET', path, { token: made.key });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('member@acme.test');
  });

  it('a member key makes only what a member may: member links with approval, no admin links', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const { key } = await createApiKey(h, orgId, owner.token, { role: 'member' });
    const links = `/api/orgs/${orgId}/links`;
    const plain = await h.call('POST', links, { token: key, body: { expiresInHours: 24 } });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ role: 'member', requiresApproval: true });
    for (const body of [
      { expiresInHours: 24, role: 'admin' },
      { expiresInHours: 24, requiresApproval: false },
    ]) {
      expect((await h.call('POST', links, { token: key, body })).status).toBe(403);
    }
    // An admin who made a member key is not an owner through it either.
    const admin = await createUser(h, 'second-admin@acme.test');
    await addMember(h, orgId, admin, 'admin');
    const adminKey = await createApiKey(h, orgId, admin.token, { role: 'admin' });
    const invite = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
      token: adminKey.key,
      body: { email: 'would-be-owner@example.com', role: 'owner' },
    });
    expect(invite.status).toBe(403);
  });
});
