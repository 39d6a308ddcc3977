/**
 * SMS delivery status from Twilio's status callbacks (POST /webhooks/sms): form posts signed with
 * X-Twilio-Signature — computed here with node:crypto, independently of
 * worker/src/lib/twilio-signature.ts — over PUBLIC_URL's address and the sorted parameters.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookReceipts } from '../../worker/src/db/schema';
import { twilioSmsTransport } from '../../worker/src/mail/sms-twilio';
import { startSmsFake, type SmsFake } from '../fakes/sms-fake';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { addPerson } from '../helpers/invitations';
import { orgWithRoles } from '../helpers/seed';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PHONE = '+79051111111';

function twilioSignature(url: string, params: Record<string, string>, token = AUTH_TOKEN) {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join('');
  return createHmac('sha1', token).update(data).digest('base64');
}

let h: Harness;
let sms: SmsFake;
let org: Awaited<ReturnType<typeof orgWithRoles>>;

beforeEach(async () => {
  sms = await startSmsFake();
  h = await startHarness({
    sms: twilioSmsTransport({
      accountSid: 'AC123',
      authToken: AUTH_TOKEN,
      from: '+15550000000',
      baseUrl: sms.url,
    }),
    webhooks: { smsAuthToken: AUTH_TOKEN },
    autoDeliver: false,
  });
  org = await orgWithRoles(h);
});
afterEach(async () => {
  await h.close();
  await sms.close();
});

function callback(params: Record<string, string>, signature?: string) {
  return h.call('POST', '/webhooks/sms', {
    raw: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === ''
        ? {}
        : {
            'x-twilio-signature':
              signature ?? twilioSignature(`${PUBLIC_URL}/webhooks/sms`, params),
          }),
    },
  });
}

async function invitedBySms() {
  const userId = await addPerson(h, org.orgId, org.owner.token, { phone: PHONE });
  const res = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
    token: org.owner.token,
    body: { userIds: [userId], channel: 'sms' },
  });
  expect(res.status).toBe(202);
  await h.services.outbox.kick();
  const [sent] = sms.sentTo(PHONE);
  return { userId, sid: sent!.sid };
}

const member = async (userId: string) => {
  const res = await h.call('GET', `/api/orgs/${org.orgId}/members`, { token: org.owner.token });
  return (res.body.items as { userId: string }[]).find((m) => m.userId === userId) as
    | Record<string, unknown>
    | undefined;
};

describe('POST /webhooks/sms', () => {
  it('undelivered sets the member to error with the code; a replay, and delivered afterwards, change nothing', async () => {
    const { userId, sid } = await invitedBySms();
    const params = {
      MessageSid: sid,
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
      AccountSid: 'AC123',
    };
    const res = await callback(params);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, recorded: true });
    const m = await member(userId);
    expect(m?.invitationState).toBe('error');
    expect(m?.invitationError).toBe('SMS not delivered (error 30003: the phone is unreachable)');
    expect(m?.delivery).toMatchObject({ status: 'failed' });

    expect((await callback(params)).body.recorded).toBe(false);
    await callback({ MessageSid: sid, MessageStatus: 'delivered', AccountSid: 'AC123' });
    expect(await member(userId)).toEqual(m);
  });

  it('delivered records delivery; sent and queued are acknowledged and ignored', async () => {
    const { userId, sid } = await invitedBySms();
    expect((await callback({ MessageSid: sid, MessageStatus: 'sent' })).body.recorded).toBe(false);
    await callback({ MessageSid: sid, MessageStatus: 'delivered' });
    const m = await member(userId);
    expect(m?.delivery).toMatchObject({ status: 'delivered', reason: null });
    expect(m?.invitationState).toBe('invited');
  });

  it('a status or error code named like a built-in property (__proto__, constructor) is acknowledged and ignored, never a 500', async () => {
    const { userId, sid } = await invitedBySms();
    for (const MessageStatus of ['__proto__', 'constructor', 'toString']) {
      const res = await callback({ MessageSid: sid, MessageStatus });
      expect(res.status, MessageStatus).toBe(200);
      expect(res.body.recorded).toBe(false);
    }
    const res = await callback({
      MessageSid: sid,
      MessageStatus: 'failed',
      ErrorCode: 'constructor',
    });
    expect(res.status).toBe(200);
    const m = await member(userId);
    expect(JSON.stringify(m?.delivery ?? null)).not.toContain('function');
  });

  it('unsigned, wrongly signed, or signed for another address or token → 401, nothing changed', async () => {
    const { userId, sid } = await invitedBySms();
    const params = { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30005' };
    const refused = [
      await callback(params, ''),
      await callback(params, 'AAAA'),
      await callback(params, twilioSignature(`${PUBLIC_URL}/webhooks/other`, params)),
      await callback(
        params,
        twilioSignature(`${PUBLIC_URL}/webhooks/sms`, params, 'another-token'),
      ),
      await callback(
        params,
        twilioSignature(`${PUBLIC_URL}/webhooks/sms`, { ...params, ErrorCode: '1' }),
      ),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await member(userId))?.invitationState).toBe('invited');
    expect(await h.db.select().from(webhookReceipts)).toEqual([]);
  });

  it('signed without a MessageSid → 422; an unknown sid → 200; without an SMS provider → 404', async () => {
    const noSid = await callback({ MessageStatus: 'delivered' });
    expect(noSid.status).toBe(422);
    expect(noSid.body.error.code).toBe('invalid_input');
    expect((await callback({ MessageSid: 'SM-unknown', MessageStatus: 'failed' })).status).toBe(
      200,
    );
    const plain = await startHarness();
    try {
      const res = await plain.call('POST', '/webhooks/sms', { raw: 'MessageSid=x' });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
