import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outcomeOf, resendTransport } from '../../../worker/src/mail/resend';
import type { EmailMessage } from '../../../worker/src/mail/transport';
import { startResendFake, type ResendFake } from '../../fakes/resend-fake';

// The outbox's mail transport (worker/src/mail/resend.ts) through the resend SDK against the local
// Resend fake: the requests it makes and how it reads each answer for the drainer.

let fake: ResendFake;
beforeAll(async () => {
  fake = await startResendFake({ apiKey: 're_transport' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const transport = (baseUrl = fake.url, apiKey = 're_transport') =>
  resendTransport({ apiKey, from: 'Acme <invites@acme.test>', baseUrl, timeoutMs: 300 });

const message = (to: string): EmailMessage => ({
  to,
  subject: `For ${to}`,
  text: `Hello ${to}`,
  html: `<p>Hello ${to}</p>`,
});

describe('the Resend transport', () => {
  it('sends one message with POST /emails and the idempotency key, and keeps its provider id', async () => {
    const outcome = await transport().sendBatch([message('a@example.com')], 'outbox-key-1');
    expect(fake.requests).toMatchObject([
      { method: 'POST', path: '/emails', status: 200, idempotencyKey: 'outbox-key-1' },
    ]);
    expect(fake.sent).toMatchObject([
      {
        from: 'Acme <invites@acme.test>',
        to: ['a@example.com'],
        subject: 'For a@example.com',
        text: 'Hello a@example.com',
        html: '<p>Hello a@example.com</p>',
        idempotencyKey: 'outbox-key-1',
        batchIndex: null,
        apiKey: 're_transport',
      },
    ]);
    expect(outcome).toEqual({ ok: true, providerIds: [fake.sent[0]!.id] });
  });

  it('sends several with one POST /emails/batch under one key, provider ids in order', async () => {
    const to = ['a@example.com', 'b@example.com', 'c@example.com'];
    const outcome = await transport().sendBatch(to.map(message), 'outbox-key-2');
    expect(fake.requests).toMatchObject([
      { path: '/emails/batch', status: 200, idempotencyKey: 'outbox-key-2' },
    ]);
    expect(fake.sent.map((s) => [s.to[0], s.batchIndex, s.idempotencyKey])).toEqual([
      ['a@example.com', 0, 'outbox-key-2'],
      ['b@example.com', 1, 'outbox-key-2'],
      ['c@example.com', 2, 'outbox-key-2'],
    ]);
    expect(outcome).toEqual({ ok: true, providerIds: fake.sent.map((s) => s.id) });
  });

  it('sends nothing twice when the same batch goes again under its key (an answer lost, a crash)', async () => {
    const batch = [message('a@example.com'), message('b@example.com')];
    fake.failNext(1, { status: 500, accept: true });
    const lost = await transport().sendBatch(batch, 'outbox-key-3');
    expect(lost).toMatchObject({ ok: false, retryable: true });
    const again = await transport().sendBatch(batch, 'outbox-key-3');
    expect(fake.requests.map((r) => [r.status, r.replayed])).toEqual([
      [500, false],
      [200, true],
    ]);
    expect(fake.sent).toHaveLength(2);
    expect(again).toEqual({ ok: true, providerIds: fake.sent.map((s) => s.id) });
  });

  it('goes to the base URL it is given (RESEND_BASE_URL), a trailing slash or not', async () => {
    await transport(`${fake.url}/`).sendBatch([message('a@example.com')], 'outbox-key-4');
    expect(fake.requests.map((r) => r.path)).toEqual(['/emails']);
    expect(fake.sent).toHaveLength(1);
    // Nothing listens on port 9: the configured address is used, not Resend's.
    const elsewhere = await transport('http://127.0.0.1:9').sendBatch(
      [message('b@example.com')],
      'outbox-key-5',
    );
    expect(elsewhere).toEqual({
      ok: false,
      retryable: true,
      reason: 'Resend could not be reached',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('waits as long as a 429 asks (retry-after), and retries 5xx, timeouts and cut connections', async () => {
    const send = () => transport().sendBatch([message('a@example.com')], 'outbox-key-6');
    fake.plan([
      { status: 429, retryAfterSeconds: 30 },
      { status: 503 },
      { hang: true },
      { drop: true },
    ]);
    expect(await send()).toEqual({
      ok: false,
      retryable: true,
      reason: 'Resend answered 429: Too many requests. Please slow down.',
      retryAfterMs: 30_000,
    });
    expect(await send()).toEqual({
      ok: false,
      retryable: true,
      reason: 'Resend answered 503: Service unavailable',
    });
    expect(await send()).toEqual({
      ok: false,
      retryable: true,
      reason: 'Resend did not answer in time',
    });
    expect(await send()).toEqual({
      ok: false,
      retryable: true,
      reason: 'Resend could not be reached',
    });
    expect(fake.sent).toHaveLength(0);
  });

  it('records a 4xx other than 429 as final, a refused key among them', async () => {
    fake.failNext(1, { status: 422, message: 'The domain is not verified' });
    expect(await transport().sendBatch([message('a@example.com')], 'outbox-key-7')).toEqual({
      ok: false,
      retryable: false,
      reason: 'Resend answered 422: The domain is not verified',
    });
    expect(
      await transport(fake.url, 're_wrong').sendBatch([message('a@example.com')], 'outbox-key-8'),
    ).toEqual({ ok: false, retryable: false, reason: 'Resend answered 403: API key is invalid' });
    expect(fake.sent).toHaveLength(0);
  });
});

describe('reading an answer of the SDK', () => {
  const error = (statusCode: number | null, name: string, headers: Record<string, string> = {}) =>
    ({ data: null, error: { statusCode, name, message: 'm' }, headers }) as const;

  it('retries a concurrent request with the same key, but not a changed payload under it', () => {
    expect(outcomeOf(error(409, 'concurrent_idempotent_requests'), 1, false)).toMatchObject({
      retryable: true,
    });
    expect(outcomeOf(error(409, 'invalid_idempotent_request'), 1, false)).toMatchObject({
      retryable: false,
    });
  });

  it('pauses after a success that used up the rate-limit window', () => {
    const headers = { 'ratelimit-remaining': '0', 'ratelimit-reset': '2' };
    expect(outcomeOf({ data: { id: 'e1' }, error: null, headers }, 1, false)).toEqual({
      ok: true,
      providerIds: ['e1'],
      pauseMs: 2000,
    });
  });

  it('falls back to ratelimit-reset when a 429 has no retry-after', () => {
    expect(
      outcomeOf(error(429, 'rate_limit_exceeded', { 'ratelimit-reset': '5' }), 1, false),
    ).toMatchObject({ retryable: true, retryAfterMs: 5000 });
  });
});
