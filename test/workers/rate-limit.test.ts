/**
 * Rate limits in the Worker keep their counters in the database, so they hold across isolates:
 * requests spread over two Worker runtimes (two isolates' worth of memory) still meet one limit.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rateLimits } from '../../worker/src/db/schema';
import { createWorkerRuntime } from '../../worker/src/entry/worker-runtime';
import { PUBLIC_URL } from './constants';
import { call, clientIp, createAccount, db } from './helpers';

/** Failed sign-ins per account and client (CREDENTIAL_LIMITS.perAccountClient, written out). */
const LIMIT = 10;

describe('login rate limit across isolates', () => {
  it(`refuses the ${LIMIT + 1}th attempt on one account from one client with 429 and Retry-After, whichever isolate serves it`, async () => {
    const email = 'guessed@workers.test';
    const userId = await createAccount(email, 'the real password 1');
    const other = await createWorkerRuntime(env, { log: () => {} });
    const ip = clientIp();
    const viaOther = async (body: unknown) => {
      const ctx = createExecutionContext();
      const res = await other.app.fetch(
        new Request(`${PUBLIC_URL}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
          body: JSON.stringify(body),
        }),
        env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res.status;
    };
    const wrong = { email, password: 'a wrong guess' };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      statuses.push(
        i % 2 === 0
          ? (await call('POST', '/api/auth/login', { body: wrong, ip })).status
          : await viaOther(wrong),
      );
    }
    expect(statuses).toEqual(Array(LIMIT).fill(401));

    const refused = await call('POST', '/api/auth/login', {
      body: { email, password: 'the real password 1' },
      ip,
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await viaOther({ email, password: 'the real password 1' })).toBe(429);
    const [row] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `cred:user:${userId}:${ip}`));
    expect(row!.count).toBe(LIMIT + 2);

    // The per-address limit is about that address only.
    const elsewhere = await call('POST', '/api/auth/login', {
      body: { email: 'someone-else@workers.test', password: 'whatever it is' },
      ip,
    });
    expect(elsewhere.status).toBe(401);
  });
});
