import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createOrg, createUser, orgWithRoles, PASSWORD } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('POST /api/auth/login', () => {
  it('signs in with the address in any case and with spaces around it', async () => {
    const alice = await createUser(h, 'alice@example.com', { name: 'Alice' });
    const orgId = await createOrg(h, alice, 'Acme');
    const res = await h.call('POST', '/api/auth/login', {
      body: { email: '  ALICE@Example.COM ', password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(res.body.user).toEqual({
      id: alice.id,
      email: 'alice@example.com',
      phone: null,
      name: 'Alice',
      mustChangePassword: false,
    });
    expect(res.body.memberships).toEqual([{ orgId, orgName: 'Acme', role: 'owner' }]);
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(h.clock.now());
  });

  it('answers the same invalid_credentials for an unknown address and a wrong password', async () => {
    await createUser(h, 'alice@example.com');
    const unknown = await h.call('POST', '/api/auth/login', {
      body: { email: 'nobody@example.com', password: PASSWORD },
    });
    const wrong = await h.call('POST', '/api/auth/login', {
      body: { email: 'alice@example.com', password: 'not the password' },
    });
    for (const res of [unknown, wrong]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_credentials');
    }
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('stores only a hash of the session secret', async () => {
    const alice = await createUser(h, 'alice@example.com');
    const [row] = await h.db.select().from(sessions).where(eq(sessions.userId, alice.id));
    const secret = alice.token.split('.')[1]!;
    expect(row!.secretHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('refuses bad bodies in the contract shape and changes nothing', async () => {
    const cases: [string | undefined, unknown, number, string][] = [
      ['{"email": ', undefined, 400, 'invalid_json'],
      [undefined, { email: 'a@example.com' }, 422, 'invalid_input'],
      [undefined, { email: 42, password: true }, 422, 'invalid_input'],
      [undefined, { email: 'not-an-address', password: 'x' }, 422, 'invalid_input'],
      [undefined, { email: 'a@example.com', password: 'x', admin: true }, 422, 'invalid_input'],
      [undefined, [], 422, 'invalid_input'],
    ];
    for (const [raw, body, status, code] of cases) {
      const res = await h.call(
        'POST',
        '/api/auth/login',
        raw === undefined ? { body } : { raw, headers: { 'content-type': 'application/json' } },
      );
      expect(res.status, JSON.stringify(body ?? raw)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(typeof res.body.error.message).toBe('string');
    }
    const unknownField = await h.call('POST', '/api/auth/login', {
      body: { email: 'a@example.com', password: 'x', admin: true },
    });
    expect(unknownField.body.error.fields).toHaveProperty('admin');
    const missing = await h.call('POST', '/api/auth/login', { body: { email: 'a@example.com' } });
    expect(missing.body.error.fields).toHaveProperty('password');
    expect(await h.db.select().from(sessions)).toHaveLength(0);
  });

  it('refuses another content type with 415 and an oversized body with 413', async () => {
    const typed = await h.call('POST', '/api/auth/login', {
      raw: '{"email":"a@example.com","password":"x"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(typed.status).toBe(415);
    expect(typed.body.error.code).toBe('unsupported_media_type');
    const big = await h.call('POST', '/api/auth/login', {
      body: { email: 'a@example.com', password: 'x'.repeat(300_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });

  it('limits wrong passwords for one account from one client, and the right one works after the window', async () => {
    await createUser(h, 'alice@example.com');
    const codes: number[] = [];
    for (let i = 0; i < 100; i++) {
      codes.push(
        (
          await h.call('POST', '/api/auth/login', {
            body: { email: 'alice@example.com', password: `wrong ${i}` },
          })
        ).status,
      );
    }
    // Ten wrong passwords per account and client, then 429 (written out, not taken from
    // CREDENTIAL_LIMITS, so that loosening the limit fails here).
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(codes.slice(10).every((s) => s === 429)).toBe(true);
    const blocked = await h.call('POST', '/api/auth/login', {
      body: { email: 'alice@example.com', password: PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    h.clock.advance(Number(blocked.headers.get('retry-after')) * 1000);
    const ok = await h.call('POST', '/api/auth/login', {
      body: { email: 'alice@example.com', password: PASSWORD },
    });
    expect(ok.status).toBe(200);
  });

  it('limits one client trying many addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= 100; i++) {
      statuses.push(
        (
          await h.call('POST', '/api/auth/login', {
            body: { email: `user${i}@example.com`, password: 'whatever' },
          })
        ).status,
      );
    }
    // A hundred failed sign-ins per client, whatever the address, then 429.
    expect(statuses.slice(0, 100)).toEqual(Array(100).fill(401));
    expect(statuses[100]).toBe(429);
  });
});

describe('signing in with a phone number', () => {
  it('lets a person invited by SMS sign in with the phone and initial password the message named', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    expect(
      (
        await h.call('PATCH', `/api/orgs/${orgId}/settings`, {
          token: owner.token,
          body: { sendInitialPassword: true },
        })
      ).status,
    ).toBe(200);
    const added = await h.call('POST', `/api/orgs/${orgId}/members`, {
      token: owner.token,
      body: { firstName: 'Ivan', lastName: 'Petrov', phone: '+7 905 111-11-11' },
    });
    expect(added.status).toBe(201);
    const sent = await h.call('POST', `/api/orgs/${orgId}/members/invite`, {
      token: owner.token,
      body: { userIds: [added.body.userId], channel: 'sms' },
    });
    expect(sent.body.queued).toBe(1);
    await h.services.outbox.kick();
    const sms = (await h.services.mailbox!.all()).find((m) => m.channel === 'sms')!;
    const [, account, password] = /as (\+\d+) with password (\S+) /.exec(sms.text)!;
    expect(account).toBe('+79051111111');

    const wrong = await h.call('POST', '/api/auth/login', {
      body: { phone: account, password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    const res = await h.call('POST', '/api/auth/login', {
      body: { phone: '+7 (905) 111 11 11', password },
    });
    expect(res.status).toBe(200);
    expect(res.body.user.mustChangePassword).toBe(true);
    // The account's sign-in address, for the extension to say who is signed in.
    expect(res.body.user).toMatchObject({ email: '', phone: '+79051111111' });
    expect(res.body.memberships).toEqual([expect.objectContaining({ orgId, role: 'member' })]);
  });

  it('names only accounts without an e-mail address, and takes exactly one of the two', async () => {
    const alice = await createUser(h, 'alice@example.com');
    await h.db.update(users).set({ phone: '+79051111111' }).where(eq(users.id, alice.id));
    const byPhone = await h.call('POST', '/api/auth/login', {
      body: { phone: '+79051111111', password: PASSWORD },
    });
    expect(byPhone.status).toBe(401);
    expect(byPhone.body.error.code).toBe('invalid_credentials');
    for (const body of [
      { password: PASSWORD },
      { email: alice.email, phone: '+79051111111', password: PASSWORD },
      { phone: 'not a phone', password: PASSWORD },
    ]) {
      const res = await h.call('POST', '/api/auth/login', { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
  });

  it('is rate limited per phone number like an address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= 10; i++) {
      statuses.push(
        (
          await h.call('POST', '/api/auth/login', {
            body: { phone: '+79051111111', password: `guess ${i}` },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });
});
