import { Resend } from 'resend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startResendFake, type ResendFake } from '../../fakes/resend-fake';

let fake: ResendFake;
let resend: Resend;

beforeAll(async () => {
  fake = await startResendFake({ apiKey: 're_test_key' });
  resend = new Resend('re_test_key', { baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const message = (to: string, subject = 'You are invited') => ({
  from: 'Invitations <invites@example.com>',
  to,
  subject,
  text: `Hello ${to}`,
  html: `<p>Hello ${to}</p>`,
});

describe('Resend fake through the real resend SDK', () => {
  it('records a single e-mail and answers with its id', async () => {
    const { data, error } = await resend.emails.send({
      ...message('alice@example.com'),
      headers: { 'X-Entity-Ref-ID': 'inv_1' },
    });
    expect(error).toBeNull();
    expect(fake.sent).toHaveLength(1);
    const [sent] = fake.sent;
    expect(data).toEqual({ id: sent?.id });
    expect(sent).toMatchObject({
      from: 'Invitations <invites@example.com>',
      to: ['alice@example.com'],
      subject: 'You are invited',
      text: 'Hello alice@example.com',
      html: '<p>Hello alice@example.com</p>',
      headers: { 'X-Entity-Ref-ID': 'inv_1' },
      idempotencyKey: null,
      batchIndex: null,
      apiKey: 're_test_key',
    });
    expect(fake.sentTo('ALICE@example.com')).toHaveLength(1);
    expect(fake.requests).toMatchObject([
      { method: 'POST', path: '/emails', status: 200, replayed: false },
    ]);
  });

  it('records a batch in order and answers { data: [{ id }] }', async () => {
    const { data, error } = await resend.batch.send(
      ['a@example.com', 'b@example.com', 'c@example.com'].map((to) => message(to)),
      { idempotencyKey: 'batch-1' },
    );
    expect(error).toBeNull();
    expect(data?.data.map((d) => d.id)).toEqual(fake.sent.map((s) => s.id));
    expect(fake.sent.map((s) => [s.to[0], s.batchIndex])).toEqual([
      ['a@example.com', 0],
      ['b@example.com', 1],
      ['c@example.com', 2],
    ]);
    expect(fake.sentCountByIdempotencyKey()).toEqual(new Map([['batch-1', 3]]));
  });

  it('refuses a batch of more than 100 e-mails with 422 and records nothing', async () => {
    const emails = Array.from({ length: 101 }, (_, i) => message(`user${i}@example.com`));
    const { data, error } = await resend.batch.send(emails);
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(fake.sent).toHaveLength(0);
  });

  it('refuses an invalid e-mail with a validation error', async () => {
    const { error } = await resend.emails.send({
      ...message('alice@example.com'),
      from: 'not an address',
    });
    expect(error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(fake.sent).toHaveLength(0);
  });

  it('replays the first answer for a repeated idempotency key and records the message once', async () => {
    const first = await resend.emails.send(message('bob@example.com'), {
      idempotencyKey: 'invitation/1/v1',
    });
    const again = await resend.emails.send(message('bob@example.com'), {
      idempotencyKey: 'invitation/1/v1',
    });
    expect(again.data).toEqual(first.data);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sentCountByIdempotencyKey().get('invitation/1/v1')).toBe(1);
    expect(fake.requests.map((r) => r.replayed)).toEqual([false, true]);

    const changed = await resend.emails.send(message('bob@example.com', 'Other'), {
      idempotencyKey: 'invitation/1/v1',
    });
    expect(changed.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect(fake.sent).toHaveLength(1);
  });

  it('fails the next request with 500, then answers normally', async () => {
    fake.failNext(1, { status: 500 });
    const failed = await resend.emails.send(message('carol@example.com'), {
      idempotencyKey: 'k-500',
    });
    expect(failed.error).toMatchObject({ statusCode: 500, name: 'internal_server_error' });
    const retried = await resend.emails.send(message('carol@example.com'), {
      idempotencyKey: 'k-500',
    });
    expect(retried.error).toBeNull();
    expect(fake.sentCountByIdempotencyKey().get('k-500')).toBe(1);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it('answers 429 with retry-after and rate-limit headers, seen by the SDK as an error value', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 7 });
    const { data, error, headers } = await resend.emails.send(message('dave@example.com'));
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
    expect(headers).toMatchObject({
      'retry-after': '7',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '7',
    });
    expect(fake.sent).toHaveLength(0);
  });

  it('answers a planned final 4xx', async () => {
    fake.plan([null, { status: 422, message: 'The domain is not verified.' }]);
    expect((await resend.emails.send(message('a@example.com'))).error).toBeNull();
    const { error } = await resend.emails.send(message('b@example.com'));
    expect(error).toEqual({
      statusCode: 422,
      name: 'validation_error',
      message: 'The domain is not verified.',
    });
  });

  it('hangs until the client gives up; the SDK reports a network error', async () => {
    fake.failNext(1, { hang: true });
    const started = Date.now();
    const { error } = await resend.emails.send(message('erin@example.com'), {
      signal: AbortSignal.timeout(200),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(error).toMatchObject({ statusCode: null, name: 'application_error' });
    expect(fake.requests).toMatchObject([{ status: null, fault: { hang: true } }]);
    expect(fake.sent).toHaveLength(0);
  });

  it('with accept: true, a lost answer followed by a retry with the same key sends exactly once', async () => {
    fake.failNext(1, { hang: true, accept: true });
    const lost = await resend.emails.send(message('fred@example.com'), {
      idempotencyKey: 'outbox/42',
      signal: AbortSignal.timeout(100),
    });
    expect(lost.error?.statusCode).toBeNull();
    const retried = await resend.emails.send(message('fred@example.com'), {
      idempotencyKey: 'outbox/42',
    });
    expect(retried.data).toEqual({ id: fake.sent[0]?.id });
    expect(fake.sentCountByIdempotencyKey().get('outbox/42')).toBe(1);
  });

  it('cuts the connection on drop', async () => {
    fake.failNext(1, { drop: true });
    const { error } = await resend.emails.send(message('gina@example.com'));
    expect(error).toMatchObject({ statusCode: null });
  });

  it('keeps failing in a steady mode until it is cleared', async () => {
    fake.setMode({ status: 503 });
    for (let i = 0; i < 3; i++) {
      expect((await resend.emails.send(message('h@example.com'))).error?.statusCode).toBe(503);
    }
    fake.setMode(null);
    expect((await resend.emails.send(message('h@example.com'))).error).toBeNull();
    expect(fake.sent).toHaveLength(1);
  });

  it('answers 401 without an API key and 403 for a wrong one', async () => {
    const response = await fetch(`${fake.url}/emails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message('a@example.com')),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });

    const wrongKey = new Resend('re_wrong', { baseUrl: fake.url });
    const { error } = await wrongKey.emails.send(message('a@example.com'));
    expect(error).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
    expect(fake.sent).toHaveLength(0);
  });

  it('waits for messages sent in the background', async () => {
    setTimeout(() => void resend.emails.send(message('late@example.com')), 50);
    const sent = await fake.waitForSent(1);
    expect(sent[0]?.to).toEqual(['late@example.com']);
  });
});
