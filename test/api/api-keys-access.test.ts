/**
 * Calling the API with a key (features/api-keys/, docs/SECURITY.md "API keys"): it works on its
 * organization's routes within its role, and nowhere else; it stops at once when revoked, expired,
 * or when its creator no longer manages the organization; it is rate limited; the audit log names
 * it, never its secret.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { memberships, rateLimits, renewals } from '../../worker/src/db/schema';
import { newId } from '../../worker/src/lib/ids';
import { KEY_REQUESTS_PER_MINUTE } from '../../worker/src/features/api-keys/keys';
import { createApiKey, secretOf } from '../helpers/api-keys';
import { freshHarness } from '../helpers/fresh';
import { startHarness, type Harness } from '../helpers/harness';
import { createLink, apply } from '../helpers/links';
import { addMember, createUser, orgWithRoles, removeMember } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

const members = (orgId: string) => `/api/orgs/${orgId}/members`;

describe('a key is refused beyond its role', () => {
  it('a member key cannot list members, see settings, approve applications or change settings', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const { key } = await createApiKey(h, orgId, owner.token, { role: 'member' });
    const link = await createLink(h, orgId, owner.token);
    await apply(h, link.token, { name: 'Ann Applicant', email: 'ann@example.com' });
    const apps = await h.call('GET', `/api/orgs/${orgId}/applications`, { token: owner.token });
    const appId = apps.body.items[0].id as string;

    // What members may do, it may.
    expect((await h.call('GET', `/api/orgs/${orgId}/workspaces`, { token: key })).status).toBe(200);
    const org = await h.call('GET', `/api/orgs/${orgId}`, { token: key });
    expect(org.status).toBe(200);
    expect(org.body.settings).toBeUndefined();
    // Beyond it, 403 and nothing changes.
    for (const [method, path, body] of [
      ['GET', members(orgId), undefined],
      ['GET', `/api/orgs/${orgId}/audit`, undefined],
      ['POST', `/api/orgs/${orgId}/applications/${appId}/approve`, undefined],
      ['PATCH', `/api/orgs/${orgId}/settings`, { allowMemberLinks: false }],
      ['POST', `/api/orgs/${orgId}/workspaces`, { name: 'Nope' }],
    ] as const) {
      const res = await h.call(method, path, { token: key, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const after = await h.call('GET', `/api/orgs/${orgId}/applications`, { token: owner.token });
    expect(after.body.items[0].status).toBe('pending');
  });

  it("an admin key cannot change an owner's role, make an owner, or touch owner-only settings", async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const { key } = await createApiKey(h, orgId, owner.token, { role: 'admin' });
    const coOwner = await createUser(h, 'co-owner@acme.test');
    await addMember(h, orgId, coOwner, 'owner');
    for (const [method, path, body] of [
      ['PATCH', `${members(orgId)}/${coOwner.id}`, { role: 'member' }],
      ['PATCH', `${members(orgId)}/${owner.id}`, { role: 'admin' }],
      ['DELETE', `${members(orgId)}/${coOwner.id}`, undefined],
      ['POST', `/api/orgs/${orgId}/invitations`, { email: 'boss@example.com', role: 'owner' }],
      ['PATCH', `/api/orgs/${orgId}/settings`, { sendInitialPassword: false }],
    ] as const) {
      const res = await h.call(method, path, { token: key, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const [row] = await h.db.select().from(memberships).where(eq(memberships.userId, coOwner.id));
    expect(row!.role).toBe('owner');
  });

  it('an admin key does what admins do, and the audit log names the key, never its secret', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token, { name: 'HR sync', role: 'admin' });
    expect((await h.call('GET', members(orgId), { token: made.key })).status).toBe(200);
    h.clock.advance(1000);
    const ws = await h.call('POST', `/api/orgs/${orgId}/workspaces`, {
      token: made.key,
      body: { name: 'Synced' },
    });
    expect(ws.status).toBe(201);
    const added = await h.call('POST', members(orgId), {
      token: made.key,
      body: { firstName: 'Kim', lastName: 'Key', email: 'kim@example.com', role: 'member' },
    });
    expect(added.status).toBe(201);
    const audit = await h.call('GET', `/api/orgs/${orgId}/audit`, { token: owner.token });
    const byKey = audit.body.items.filter(
      (e: { actor: { kind?: string } | null }) => e.actor?.kind === 'api_key',
    );
    expect(byKey.map((e: { action: string }) => e.action).sort()).toEqual([
      'member.add',
      'workspace.create',
    ]);
    for (const e of byKey)
      expect(e.actor).toEqual({ id: made.id, name: 'HR sync', kind: 'api_key' });
    const created = audit.body.items.find((e: { action: string }) => e.action === 'api_key.create');
    expect(created.actor).toMatchObject({ id: owner.id, kind: 'user' });
    expect(audit.text).not.toContain(secretOf(made.key));
    expect(h.logs.join('\n')).not.toContain(secretOf(made.key));
  });
});

describe("what a key makes is its creator's, and the audit log says the key made it", () => {
  it("a link an admin key creates is the creator's and works; its approval is audited as the key", async () => {
    const { orgId, owner, admin } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, admin.token, { name: 'Onboarding', role: 'admin' });
    const link = await createLink(h, orgId, made.key);
    expect(link.body.createdBy).toMatchObject({ id: admin.id });
    expect(
      (await apply(h, link.token, { name: 'Lee Applicant', email: 'lee@example.com' })).status,
    ).toBe(201);
    const apps = await h.call('GET', `/api/orgs/${orgId}/applications`, { token: made.key });
    const approved = await h.call(
      'POST',
      `/api/orgs/${orgId}/applications/${apps.body.items[0].id}/approve`,
      { token: made.key },
    );
    expect(approved.status).toBe(200);
    const audit = await h.call('GET', `/api/orgs/${orgId}/audit`, { token: owner.token });
    const actions = (action: string) =>
      audit.body.items.filter((e: { action: string }) => e.action === action);
    expect(actions('link.create')[0].actor).toEqual({
      id: made.id,
      name: 'Onboarding',
      kind: 'api_key',
    });
    expect(actions('application.approve')[0].actor).toMatchObject({ id: made.id, kind: 'api_key' });
  });
});

describe('a key works on its organization only', () => {
  it("answers another organization's routes 404, exactly as for an outsider", async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const beta = await orgWithRoles(h, 'Beta');
    const { key } = await createApiKey(h, orgId, owner.token);
    const outsider = await createUser(h, 'outsider@evil.example');
    for (const path of [members(beta.orgId), `/api/orgs/${beta.orgId}`]) {
      const byKey = await h.call('GET', path, { token: key });
      const byOutsider = await h.call('GET', path, { token: outsider.token });
      expect(byKey.status).toBe(404);
      expect(byKey.body.error.code).toBe(byOutsider.body.error.code);
      expect(byKey.body.error.message).toBe(byOutsider.body.error.message);
    }
    const write = await h.call('POST', `/api/orgs/${beta.orgId}/workspaces`, {
      token: key,
      body: { name: 'Intruder' },
    });
    expect(write.status).toBe(404);
  });

  it('is no person: /api/me, the account, sign-out and creating organizations answer 403', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const { key } = await createApiKey(h, orgId, owner.token);
    for (const [method, path, body] of [
      ['GET', '/api/me', undefined],
      ['POST', '/api/account/password', { currentPassword: 'x', newPassword: 'y'.repeat(12) }],
      ['POST', '/api/auth/logout', undefined],
      ['POST', '/api/orgs', { name: 'Key Corp' }],
    ] as const) {
      const res = await h.call(method, path, { token: key, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toMatch(/API keys cannot/);
    }
  });
});

describe('a key stops working', () => {
  it('with a wrong secret for a right id, an unknown id, or a mangled key: 401', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token);
    const secret = secretOf(made.key);
    const flipped = (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);
    for (const token of [
      `inv_key_${made.id}.${flipped}`,
      `inv_key_${made.id}.${secret.slice(0, -1)}`,
      `inv_key_${made.id}.`,
      `inv_key_nosuchkey0000000.${secret}`,
      `inv_key_${made.id}.${secret}!`,
    ]) {
      const res = await h.call('GET', members(orgId), { token });
      expect(res.status, token.slice(0, 30)).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await h.call('GET', members(orgId), { token: made.key })).status).toBe(200);
  });

  it('once expired: 401', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token, { expiresInDays: 1 });
    h.clock.advance(86_400_000 - 1000);
    expect((await h.call('GET', members(orgId), { token: made.key })).status).toBe(200);
    h.clock.advance(1000);
    expect((await h.call('GET', members(orgId), { token: made.key })).status).toBe(401);
    const write = await h.call('POST', `/api/orgs/${orgId}/workspaces`, {
      token: made.key,
      body: { name: 'Late' },
    });
    expect(write.status).toBe(401);
  });

  it('when its creator is demoted to member or removed (and again while they are not an admin)', async () => {
    const { orgId, owner, admin } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, admin.token, { role: 'member' });
    const read = () => h.call('GET', `/api/orgs/${orgId}/workspaces`, { token: made.key });
    expect((await read()).status).toBe(200);
    const demoted = await h.call('PATCH', `${members(orgId)}/${admin.id}`, {
      token: owner.token,
      body: { role: 'member' },
    });
    expect(demoted.status).toBe(200);
    expect((await read()).status).toBe(401);
    await addMember(h, orgId, admin, 'admin');
    expect((await read()).status).toBe(200);
    await removeMember(h, orgId, admin.id);
    expect((await read()).status).toBe(401);
  });
});

describe('rate limit', () => {
  it(`answers 429 with Retry-After past ${KEY_REQUESTS_PER_MINUTE} requests a minute, per key`, async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const busy = await createApiKey(h, orgId, owner.token, { name: 'Busy' });
    const calm = await createApiKey(h, orgId, owner.token, { name: 'Calm' });
    const path = `/api/orgs/${orgId}/workspaces`;
    for (let i = 0; i < KEY_REQUESTS_PER_MINUTE; i++) {
      const res = await h.call('GET', path, { token: busy.key });
      if (res.status !== 200) throw new Error(`request ${i}: ${res.status}`);
    }
    const refused = await h.call('GET', path, { token: busy.key });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.call('GET', path, { token: calm.key })).status).toBe(200);
    h.clock.advance(60_000);
    expect((await h.call('GET', path, { token: busy.key })).status).toBe(200);
  }, 60_000);

  it('counts in the database without an extra round trip, and a wrong secret counts nothing', async () => {
    const db = await startHarness({ countersInDatabase: true });
    try {
      const { orgId, owner } = await orgWithRoles(db);
      const made = await createApiKey(db, orgId, owner.token);
      const wrong = `inv_key_${made.id}.${'A'.repeat(43)}`;
      for (let i = 0; i < 3; i++)
        expect((await db.call('GET', members(orgId), { token: wrong })).status).toBe(401);
      expect(
        await db.db
          .select()
          .from(rateLimits)
          .where(eq(rateLimits.key, `apikey:${made.id}`)),
      ).toEqual([]);
      expect((await db.call('GET', members(orgId), { token: made.key })).status).toBe(200);
      expect(
        (
          await db.call('POST', `/api/orgs/${orgId}/workspaces`, {
            token: made.key,
            body: { name: 'Counted' },
          })
        ).status,
      ).toBe(201);
      const [row] = await db.db
        .select()
        .from(rateLimits)
        .where(eq(rateLimits.key, `apikey:${made.id}`));
      expect(row!.count).toBe(2);
      await db.db
        .update(rateLimits)
        .set({ count: KEY_REQUESTS_PER_MINUTE })
        .where(eq(rateLimits.key, `apikey:${made.id}`));
      const refused = await db.call('GET', members(orgId), { token: made.key });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBeTruthy();
    } finally {
      await db.close();
    }
  });
  it('webhook and renewal changes made with a key are audited as the key', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const made = await createApiKey(h, orgId, owner.token, { name: 'Ops bot', role: 'admin' });
    const hook = await h.call('POST', `/api/orgs/${orgId}/webhooks`, {
      token: made.key,
      body: { url: 'http://127.0.0.1:9/hook', events: ['member.joined'] },
    });
    expect(hook.status).toBe(201);
    const at = `/api/orgs/${orgId}/webhooks/${hook.body.id}`;
    expect(
      (await h.call('PATCH', at, { token: made.key, body: { description: 'ops' } })).status,
    ).toBe(200);
    expect((await h.call('POST', `${at}/rotate-secret`, { token: made.key })).status).toBe(200);
    const link = await createLink(h, orgId, owner.token);
    const renewalId = newId();
    await h.db.insert(renewals).values({
      id: renewalId,
      orgId,
      kind: 'asked',
      linkId: link.body.id,
      ownerId: owner.id,
      name: 'Asker',
      email: 'asker@example.com',
      role: 'member',
      status: 'pending',
      createdAt: h.clock.now(),
    });
    const dismissed = await h.call('POST', `/api/orgs/${orgId}/renewals/${renewalId}/dismiss`, {
      token: made.key,
    });
    expect(dismissed.status).toBe(200);
    const audit = await h.call('GET', `/api/orgs/${orgId}/audit?limit=100`, { token: owner.token });
    const of = (action: string) =>
      audit.body.items.filter((e: { action: string }) => e.action === action);
    for (const action of [
      'webhook.create',
      'webhook.update',
      'webhook.rotate_secret',
      'renewal.dismiss',
    ]) {
      expect(of(action), action).toHaveLength(1);
      expect(of(action)[0].actor, action).toEqual({
        id: made.id,
        name: 'Ops bot',
        kind: 'api_key',
      });
    }
  });
});
