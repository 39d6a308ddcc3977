/**
 * The outbox when a claim runs out while its request to the provider (a local fake of Resend's HTTP
 * API that hangs on demand) is still in flight: the rows stay with the drainer that took them again.
 */
import { describe, expect, it } from 'vitest';
import { outbox } from '../../worker/src/db/schema';
import { resendTransport } from '../../worker/src/mail/resend';
import { startResendFake } from '../fakes/resend-fake';
import { startHarness } from '../helpers/harness';
import { createUser, PASSWORD } from '../helpers/seed';

describe('outbox: a claim that ran out while its request was in flight', () => {
  it('leaves the rows to the drainer that took them again, instead of queueing them behind its back', async () => {
    const fake2 = await startResendFake();
    const h2 = await startHarness({
      autoDeliver: false,
      outboxLeaseMs: 1_000,
      email: resendTransport({
        apiKey: 're_test',
        from: 'a@example.com',
        baseUrl: fake2.url,
        timeoutMs: 400,
      }),
    });
    try {
      const alice = await createUser(h2, 'alice@example.com');
      await h2.call('POST', '/api/account/password', {
        token: alice.token,
        body: { currentPassword: PASSWORD, newPassword: 'a different password' },
      });
      fake2.plan([{ hang: true, accept: true }, { hang: true }]);
      const first = h2.services.outbox.drainOnce();
      while (fake2.requests.length < 1) await new Promise((r) => setTimeout(r, 10));
      h2.clock.advance(2_000); // the first claim's lease is over while its request still hangs
      const second = h2.services.outbox.drainOnce();
      while (fake2.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
      await first; // times out: a retryable failure, but the rows are no longer its own
      const [row] = await h2.db.select().from(outbox);
      expect(row).toMatchObject({
        status: 'sending',
        lockedUntil: h2.clock.now() + 1_000,
        attempts: 2,
      });
      await second;
      h2.clock.advance(60_000);
      await h2.services.outbox.kick();
      expect(fake2.sentTo('alice@example.com')).toHaveLength(1);
      expect((await h2.db.select().from(outbox))[0]!.status).toBe('sent');
    } finally {
      await h2.close();
      await fake2.close();
    }
  });
});
