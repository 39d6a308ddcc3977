/**
 * The webhook signature checks (worker/src/lib/svix.ts, worker/src/lib/twilio-signature.ts) against
 * the examples the providers publish: Svix's documented signature and Twilio's documented request.
 */
import { describe, expect, it } from 'vitest';
import { svixKey, verifySvix } from '../../../worker/src/lib/svix';
import { verifyTwilioSignature } from '../../../worker/src/lib/twilio-signature';

const SVIX = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT = Number(SVIX.timestamp) * 1000;

describe('Svix signatures', () => {
  it("accept Svix's published example, also among other signatures", async () => {
    const key = (await svixKey(SVIX.secret))!;
    const headers = { id: SVIX.id, timestamp: SVIX.timestamp, signature: SVIX.signature };
    expect(await verifySvix(key, headers, SVIX.body, AT)).toEqual({ ok: true, id: SVIX.id });
    const several = { ...headers, signature: `v1,bm9wZQ== v2,xyz ${SVIX.signature}` };
    expect((await verifySvix(key, several, SVIX.body, AT + 299_000)).ok).toBe(true);
  });

  it('refuse a changed body, id or key, a missing header, and a time more than 5 minutes off', async () => {
    const key = (await svixKey(SVIX.secret))!;
    const headers = { id: SVIX.id, timestamp: SVIX.timestamp, signature: SVIX.signature };
    const other = (await svixKey('whsec_bm90IHRoZSBzZWNyZXQ='))!;
    expect(await verifySvix(key, headers, `${SVIX.body} `, AT)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect((await verifySvix(key, { ...headers, id: 'msg_other' }, SVIX.body, AT)).ok).toBe(false);
    expect((await verifySvix(other, headers, SVIX.body, AT)).ok).toBe(false);
    expect(await verifySvix(key, { ...headers, signature: undefined }, SVIX.body, AT)).toEqual({
      ok: false,
      reason: 'unsigned',
    });
    for (const now of [AT + 301_000, AT - 301_000])
      expect(await verifySvix(key, headers, SVIX.body, now)).toEqual({
        ok: false,
        reason: 'stale',
      });
    expect(await svixKey('whsec_not base64!')).toBeNull();
  });
});

describe('Twilio signatures', () => {
  const params: [string, string][] = [
    ['CallSid', 'CA1234567890ABCDE'],
    ['Caller', '+12349013030'],
    ['Digits', '1234'],
    ['From', '+12349013030'],
    ['To', '+18005551212'],
  ];
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';

  it("accept Twilio's published example, whatever the parameters' order", async () => {
    expect(await verifyTwilioSignature('12345', url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(
      true,
    );
    expect(
      await verifyTwilioSignature(
        '12345',
        url,
        [...params].reverse(),
        '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
      ),
    ).toBe(true);
  });

  it('refuse another token, address or value, and no signature', async () => {
    const sig = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
    expect(await verifyTwilioSignature('54321', url, params, sig)).toBe(false);
    expect(await verifyTwilioSignature('12345', `${url}&x=1`, params, sig)).toBe(false);
    expect(
      await verifyTwilioSignature('12345', url, [...params.slice(1), ['CallSid', 'CA0']], sig),
    ).toBe(false);
    expect(await verifyTwilioSignature('12345', url, params, undefined)).toBe(false);
    expect(await verifyTwilioSignature('12345', url, params, '%%%')).toBe(false);
  });
});
