import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmsFake, type SmsFake } from '../../fakes/sms-fake';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'secret-token';
let fake: SmsFake;

beforeAll(async () => {
  fake = await startSmsFake({ accountSid: ACCOUNT, authToken: TOKEN });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function sendSms(
  form: Record<string, string>,
  {
    user = ACCOUNT,
    password = TOKEN,
    signal,
  }: { user?: string; password?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${fake.url}/2010-04-01/Accounts/${user}/Messages.json`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form),
    signal,
  });
}

const welcome = {
  To: '+4915112345678',
  From: '+15005550006',
  Body: 'Welcome! Sign in at https://example.com',
};

describe('SMS fake (Twilio Messages API shape)', () => {
  it('records a message and answers 201 with a queued Message resource', async () => {
    const response = await sendSms(welcome);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { sid: string; status: string; to: string };
    expect(body).toMatchObject({ status: 'queued', to: '+4915112345678', account_sid: ACCOUNT });
    expect(fake.sent).toMatchObject([
      { sid: body.sid, to: '+4915112345678', from: '+15005550006', body: welcome.Body },
    ]);
    expect(fake.sentTo('+49 151 12345678')).toHaveLength(1);
  });

  it('refuses wrong credentials with 401 (code 20003) and records nothing', async () => {
    const response = await sendSms(welcome, { password: 'wrong' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 20003, status: 401 });
    expect(fake.sent).toHaveLength(0);
  });

  it('refuses a number without a country code with 400 (code 21211)', async () => {
    const response = await sendSms({ ...welcome, To: '015112345678' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 21211 });
  });

  it('fails as planned: 500, then 429 with retry-after, then answers normally', async () => {
    fake.plan([{ status: 500 }, { status: 429, retryAfterSeconds: 3 }]);
    expect((await sendSms(welcome)).status).toBe(500);
    const limited = await sendSms(welcome);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toMatchObject({ code: 20429 });
    expect((await sendSms(welcome)).status).toBe(201);
    expect(fake.sent).toHaveLength(1);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 429, 201]);
  });

  it('hangs until the client aborts', async () => {
    fake.failNext(1, { hang: true });
    await expect(sendSms(welcome, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(fake.requests).toMatchObject([{ status: null }]);
    expect(fake.sent).toHaveLength(0);
  });

  it('keeps failing in a steady mode until it is cleared', async () => {
    fake.setMode({ status: 503 });
    expect((await sendSms(welcome)).status).toBe(503);
    expect((await sendSms(welcome)).status).toBe(503);
    fake.setMode(null);
    expect((await sendSms(welcome)).status).toBe(201);
  });
});
