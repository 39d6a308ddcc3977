import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { actionTokens, auditEvents, users } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { joining, NEW_PASSWORD } from '../helpers/joining';
import { createUser } from '../helpers/seed';

let h: Harness;
let org: Org;
const { membershipOf, appliedAndApproved } = joining((s) => ({ h, org } = s));

describe('sendInitialPassword', () => {
  beforeEach(async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { sendInitialPassword: true, inviteTtlHours: 48 },
    });
  });

  it('the welcome carries a random initial password, stored nowhere; signing in with it activates and asks for a new one', async () => {
    const { mail } = await appliedAndApproved('ann@example.com');
    const initial = /Initial password: (\S+)/.exec(mail.text)![1]!;
    expect(initial).toMatch(/^[0-9a-z]{24}$/);
    expect(mail.text).not.toMatch(/\/set-password\/|\/confirm\//);
    expect(mail.text).toContain('Login address: http://localhost:8787/login');
    const [user] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect(user!.passwordHash).toBeNull();
    const stored = JSON.stringify([
      await h.db.select().from(users),
      await h.db.select().from(actionTokens),
      await h.db.select().from(auditEvents),
    ]);
    expect(stored).not.toContain(initial);
    expect((await membershipOf(user!.id))!.status).toBe('pending');

    const login = await h.call('POST', '/api/auth/login', {
      body: { email: 'ann@example.com', password: initial },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect(login.body.memberships).toEqual([{ orgId: org.orgId, orgName: 'Acme', role: 'member' }]);
    const [after] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect(after!.passwordExpiresAt).toBe(h.clock.now() + 48 * 3600_000);
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}`, { token: login.body.token })).body.error.code,
    ).toBe('password_change_required');
    const changed = await h.call('POST', '/api/account/password', {
      token: login.body.token,
      body: { currentPassword: initial, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}`, { token: login.body.token })).status,
    ).toBe(200);
  });

  it('the initial password stops working when it expires, and a wrong one activates nothing', async () => {
    const { mail } = await appliedAndApproved('ann@example.com');
    const initial = /Initial password: (\S+)/.exec(mail.text)![1]!;
    const wrong = `${initial.slice(0, -1)}${initial.endsWith('a') ? 'b' : 'a'}`;
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'ann@example.com', password: wrong },
        })
      ).status,
    ).toBe(401);
    h.clock.advance(48 * 3600_000);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'ann@example.com', password: initial },
        })
      ).status,
    ).toBe(401);
    const [user] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect((await membershipOf(user!.id))!.status).toBe('pending');
  });

  it('an applicant who already has a password gets a confirm link, never a new password', async () => {
    await createUser(h, 'bob@example.com');
    const { mail } = await appliedAndApproved('bob@example.com', 'Bob');
    expect(mail.text).not.toContain('Initial password');
    expect(mail.text).toContain('/confirm/');
  });
});
