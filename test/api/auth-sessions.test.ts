import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createUser, orgWithRoles, PASSWORD, removeMember } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('sessions', () => {
  it('GET /api/me answers the user and their organizations', async () => {
    const { owner, orgId } = await orgWithRoles(h);
    const res = await h.call('GET', '/api/me', { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(owner.email);
    expect(res.body.memberships).toEqual([{ orgId, orgName: 'Acme', role: 'owner' }]);
  });

  it('refuses missing, malformed, truncated, too long and tampered tokens with 401', async () => {
    const alice = await createUser(h, 'alice@example.com');
    const [id, secret] = alice.token.split('.') as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    const bad = [
      '',
      'garbage',
      alice.token.slice(0, -5),
      `${alice.token}${'x'.repeat(500)}`,
      `${id}.${flipped}`,
      `${id}.`,
      `.${secret}`,
      `other.${secret}`,
      '\u00ff\u00fe.\u00ff',
    ];
    for (const token of bad) {
      const res = await h.call('GET', '/api/me', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, token).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect(
      (await h.call('GET', '/api/me', { headers: { authorization: alice.token } })).status,
    ).toBe(401);
    expect((await h.call('GET', '/api/me', { token: alice.token })).status).toBe(200);
  });

  it('expires after 30 days without use, and slides forward while used', async () => {
    const alice = await createUser(h, 'alice@example.com');
    h.clock.advance(20 * 24 * 3600_000);
    expect((await h.call('GET', '/api/me', { token: alice.token })).status).toBe(200);
    h.clock.advance(20 * 24 * 3600_000);
    expect((await h.call('GET', '/api/me', { token: alice.token })).status).toBe(200);
    h.clock.advance(31 * 24 * 3600_000);
    const res = await h.call('GET', '/api/me', { token: alice.token });
    expect(res.status).toBe(401);
    expect(await h.db.select().from(sessions).where(eq(sessions.userId, alice.id))).toHaveLength(0);
  });

  it('never writes a token or password to the log', async () => {
    const alice = await createUser(h, 'alice@example.com');
    await h.call('GET', '/api/me', { token: alice.token });
    await h.call('GET', '/api/me', { token: `${alice.token}x` });
    await h.call('GET', `/join/${alice.token}`);
    const log = h.logs.join('\n');
    expect(log).toContain('GET /api/me 200');
    expect(log).toContain('/join/[token]');
    expect(log).not.toContain(alice.token.split('.')[1]!);
    expect(log).not.toContain(PASSWORD);
  });

  it('never writes a URL token to the log, whatever path it stands in', async () => {
    const token = `inv_1.${'Q'.repeat(43)}`;
    const spellings = [
      `//join/${token}`,
      `/join//${token}`,
      `/JOIN/${token}`,
      `/api//join/${token}`,
      `/join%2F${token}`,
      `/invite/${token}/code`,
      `/set-password/${token.replace('.', '%2E')}`,
      `/join/${token.replace('.', '%252E')}`,
      `/join/${token.slice(0, 20)}%09${token.slice(20)}`,
    ];
    for (const path of spellings) await h.call('GET', path);
    await h.call('GET', '/x%0APOST%20/api/auth/login%20200%2038ms%20id=forged%00');
    const log = h.logs.join('\n');
    expect(log).not.toContain('QQQQQQQQQQ');
    expect(log.match(/\[token\]/g)?.length).toBeGreaterThanOrEqual(spellings.length);
    // A line break or NUL in a path cannot forge a log line.
    expect(h.logs.filter((l) => l.includes('forged'))).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('\u0000') || l.includes('\n'))).toBe(false);
  });

  it('logout ends the session', async () => {
    const alice = await createUser(h, 'alice@example.com');
    expect((await h.call('POST', '/api/auth/logout', { token: alice.token })).status).toBe(204);
    expect((await h.call('GET', '/api/me', { token: alice.token })).status).toBe(401);
    expect((await h.call('POST', '/api/auth/logout', { token: alice.token })).status).toBe(401);
  });

  it('a removed member is refused by that organization on the next request', async () => {
    const { orgId, member } = await orgWithRoles(h);
    expect((await h.call('GET', `/api/orgs/${orgId}`, { token: member.token })).status).toBe(200);
    await removeMember(h, orgId, member.id);
    const res = await h.call('GET', `/api/orgs/${orgId}`, { token: member.token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('a user who must change their password may only change it', async () => {
    const bob = await createUser(h, 'bob@example.com', { mustChangePassword: true });
    const login = await h.call('POST', '/api/auth/login', {
      body: { email: bob.email, password: PASSWORD },
    });
    expect(login.body.user.mustChangePassword).toBe(true);
    expect((await h.call('GET', '/api/me', { token: bob.token })).status).toBe(200);
    const blocked = await h.call('POST', '/api/orgs', { token: bob.token, body: { name: 'Mine' } });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    const changed = await h.call('POST', '/api/account/password', {
      token: bob.token,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    });
    expect(changed.status).toBe(204);
    expect(
      (await h.call('POST', '/api/orgs', { token: bob.token, body: { name: 'Mine' } })).status,
    ).toBe(201);
  });
});
