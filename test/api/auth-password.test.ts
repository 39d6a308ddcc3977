import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, outbox, users } from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addMember, createOrg, createUser, login, PASSWORD, removeMember } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('POST /api/auth/login', () => {
  it('refuses an initial password after it expired', async () => {
    const alice = await createUser(h, 'alice@example.com');
    await h.db
      .update(users)
      .set({ passwordExpiresAt: h.clock.now() + 1000 })
      .where(eq(users.id, alice.id));
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: alice.email, password: PASSWORD },
        })
      ).status,
    ).toBe(200);
    h.clock.advance(2000);
    const res = await h.call('POST', '/api/auth/login', {
      body: { email: alice.email, password: PASSWORD },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });
});

describe('POST /api/account/password', () => {
  it('changes the password, ends the other sessions and queues a notice', async () => {
    const alice = await createUser(h, 'alice@example.com');
    const other = await login(h, 'alice@example.com');
    const res = await h.call('POST', '/api/account/password', {
      token: alice.token,
      body: { currentPassword: PASSWORD, newPassword: 'another good password' },
    });
    expect(res.status).toBe(204);
    expect((await h.call('GET', '/api/me', { token: alice.token })).status).toBe(200);
    expect((await h.call('GET', '/api/me', { token: other })).status).toBe(401);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: alice.email, password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: alice.email, password: 'another good password' },
        })
      ).status,
    ).toBe(200);
    const queued = await h.db.select().from(outbox);
    expect(queued).toMatchObject([
      { kind: 'password_changed', recipient: 'alice@example.com', refId: alice.id },
    ]);
  });

  it('refuses a wrong current password and a short new one, changing nothing', async () => {
    const alice = await createUser(h, 'alice@example.com');
    const wrong = await h.call('POST', '/api/account/password', {
      token: alice.token,
      body: { currentPassword: 'nope', newPassword: 'another good password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const short = await h.call('POST', '/api/account/password', {
      token: alice.token,
      body: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.error.fields.newPassword).toBeTruthy();
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: alice.email, password: PASSWORD },
        })
      ).status,
    ).toBe(200);
    expect(await h.db.select().from(outbox)).toHaveLength(0);
  });
  it('records the change in the audit log of each organization the account is active in, and no other', async () => {
    const owner = await createUser(h, 'owner@example.com');
    const alice = await createUser(h, 'alice@example.com');
    const [acme, beta, gone] = [
      await createOrg(h, owner, 'Acme'),
      await createOrg(h, owner, 'Beta'),
      await createOrg(h, owner, 'Gone'),
    ];
    await addMember(h, acme, alice, 'member');
    await addMember(h, beta, alice, 'admin');
    await addMember(h, gone, alice, 'member');
    await removeMember(h, gone, alice.id);
    const res = await h.call('POST', '/api/account/password', {
      token: alice.token,
      body: { currentPassword: PASSWORD, newPassword: 'another good password' },
    });
    expect(res.status).toBe(204);
    const changes = (await h.db.select().from(auditEvents)).filter(
      (e) => e.action === 'account.password_change',
    );
    expect(changes.map((e) => e.orgId).sort()).toEqual([acme, beta].sort());
    for (const e of changes)
      expect(e).toMatchObject({ actorId: alice.id, targetType: 'user', targetId: alice.id });
    // The owner reads it in the organization's log like any other event.
    const log = await h.call('GET', `/api/orgs/${beta}/audit`, { token: owner.token });
    expect(log.status).toBe(200);
    const [entry] = log.body.items.filter(
      (e: { action: string }) => e.action === 'account.password_change',
    );
    expect(entry).toMatchObject({ actor: { id: alice.id }, targetId: alice.id, detail: null });
  });
});
