/**
 * Bulk "send invitation" against the provider fakes: outages, rate limits, final failures — nothing
 * lost, nothing twice.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { memberships, outbox } from '../../worker/src/db/schema';
import { resendTransport } from '../../worker/src/mail/resend';
import { twilioSmsTransport } from '../../worker/src/mail/sms-twilio';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';
import { startSmsFake, type SmsFake } from '../fakes/sms-fake';
import { startHarness, type Harness, type HarnessOptions } from '../helpers/harness';
import { addPerson } from '../helpers/invitations';
import { orgWithRoles } from '../helpers/seed';

let h: Harness | undefined;
let resend: ResendFake | undefined;
let sms: SmsFake | undefined;
afterEach(async () => {
  await h?.close();
  await resend?.close();
  await sms?.close();
  h = resend = sms = undefined;
});

async function setup(opts: HarnessOptions) {
  h = await startHarness(opts);
  const org = await orgWithRoles(h);
  return { h, org };
}

const states = async (hh: Harness, orgId: string) =>
  (
    await hh.db
      .select({ s: memberships.invitationState })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'pending')))
  ).map((r) => r.s);

describe('bulk send through Resend', () => {
  it('survives 429 then 500: every person gets exactly one e-mail, in batches of at most 100, and ends invited', async () => {
    resend = await startResendFake();
    const { h: hh, org } = await setup({
      email: resendTransport({
        apiKey: 're_test',
        from: 'Acme <invites@acme.test>',
        baseUrl: resend.url,
      }),
    });
    const ids: string[] = [];
    for (let i = 0; i < 150; i++)
      ids.push(
        await addPerson(hh, org.orgId, org.owner.token, { email: `person${i}@example.com` }),
      );
    resend.plan([
      { status: 429, retryAfterSeconds: 30 },
      { status: 500 },
      null,
      { status: 500, accept: true },
    ]);
    const res = await hh.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.admin.token,
      body: { userIds: ids, channel: 'email' },
    });
    expect(res.body).toEqual({ queued: 150, errors: [] });
    await hh.services.outbox.kick();
    expect(resend.sent).toHaveLength(0);
    expect(new Set(await states(hh, org.orgId))).toEqual(new Set(['queued']));

    const unsent = async () =>
      (await hh.db.select().from(outbox)).filter((o) => o.status !== 'sent').length;
    for (let round = 0; round < 10 && (await unsent()) > 0; round++) {
      hh.clock.advance(31_000);
      await hh.services.outbox.kick();
    }
    expect(resend.sent).toHaveLength(150);
    expect(new Set(resend.sent.map((m) => m.to[0])).size).toBe(150);
    expect([...resend.sentCountByIdempotencyKey().values()].every((n) => n <= 100)).toBe(true);
    expect(resend.requests.map((r) => r.status)).toEqual([429, 500, 200, 500, 200]);
    expect(resend.requests.some((r) => r.replayed)).toBe(true); // the lost answer was retried with the same key
    expect(new Set(await states(hh, org.orgId))).toEqual(new Set(['invited']));
    expect((await hh.db.select().from(outbox)).every((o) => o.status === 'sent')).toBe(true);
  });

  it('a final refusal puts the invitation state to error with the provider’s reason', async () => {
    resend = await startResendFake();
    const { h: hh, org } = await setup({
      email: resendTransport({
        apiKey: 're_test',
        from: 'Acme <invites@acme.test>',
        baseUrl: resend.url,
      }),
    });
    const id = await addPerson(hh, org.orgId, org.owner.token, { email: 'x@example.com' });
    resend.failNext(1, { status: 422, message: 'The domain is not verified' });
    await hh.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [id], channel: 'email' },
    });
    await hh.services.outbox.kick();
    const [m] = await hh.db.select().from(memberships).where(eq(memberships.userId, id));
    expect(m).toMatchObject({
      invitationState: 'error',
      invitationError: 'Resend answered 422: The domain is not verified',
    });
    const errors = await hh.call('GET', `/api/orgs/${org.orgId}/members?invitation=error`, {
      token: org.owner.token,
    });
    expect(errors.body.items.map((i: { userId: string }) => i.userId)).toEqual([id]);
    await hh.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [id], channel: 'email' },
    });
    await hh.services.outbox.kick();
    const [again] = await hh.db.select().from(memberships).where(eq(memberships.userId, id));
    expect(again).toMatchObject({ invitationState: 'invited', invitationError: null });
    expect(resend.sent).toHaveLength(1);
  });
});

describe('bulk send through the Twilio-shaped SMS provider', () => {
  it('posts To, From and Body with Basic auth; retries 429; a 400 becomes the person’s error', async () => {
    sms = await startSmsFake({ accountSid: 'AC123', authToken: 'secret-token' });
    const { h: hh, org } = await setup({
      sms: twilioSmsTransport({
        accountSid: 'AC123',
        authToken: 'secret-token',
        from: '+15550001111',
        baseUrl: sms.url,
      }),
    });
    const a = await addPerson(hh, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    const b = await addPerson(hh, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79052222222',
    });
    sms.plan([
      { status: 429, retryAfterSeconds: 5 },
      null,
      { status: 400, message: "The 'To' number is not a valid mobile number" },
    ]);
    await hh.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [a, b], channel: 'sms' },
    });
    await hh.services.outbox.kick();
    hh.clock.advance(6_000);
    await hh.services.outbox.kick();
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]).toMatchObject({ from: '+15550001111', accountSid: 'AC123' });
    expect(sms.sent[0]!.body).toContain('/set-password/');
    const rows = await hh.db.select().from(memberships).where(eq(memberships.orgId, org.orgId));
    const byUser = Object.fromEntries(
      rows.map((r) => [r.userId, [r.invitationState, r.invitationError]]),
    );
    const delivered = sms.sent[0]!.to === '+79051111111' ? a : b;
    const refused = delivered === a ? b : a;
    expect(byUser[delivered]).toEqual(['invited', null]);
    expect(byUser[refused]).toEqual([
      'error',
      "SMS provider answered 400: The 'To' number is not a valid mobile number",
    ]);
  });
});

describe('SMS after a lost answer', () => {
  it('does not send again when the provider took the message but its answer was lost', async () => {
    sms = await startSmsFake({ accountSid: 'AC123', authToken: 'secret-token' });
    const { h: hh, org } = await setup({
      autoDeliver: false,
      sms: twilioSmsTransport({
        accountSid: 'AC123',
        authToken: 'secret-token',
        from: '+15550001111',
        baseUrl: sms.url,
        timeoutMs: 300,
      }),
    });
    const a = await addPerson(hh, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    const b = await addPerson(hh, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79052222222',
    });
    sms.plan([
      { status: 500, accept: true },
      { hang: true, accept: true },
    ]);
    await hh.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [a, b], channel: 'sms' },
    });
    await hh.services.outbox.kick();
    expect(sms.sent).toHaveLength(2); // both taken by the provider; neither answer arrived
    hh.clock.advance(60_000);
    await hh.services.outbox.kick();
    expect(sms.sentTo('+79051111111')).toHaveLength(1);
    expect(sms.sentTo('+79052222222')).toHaveLength(1);
    expect(sms.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(
      (await hh.db.select().from(outbox).where(eq(outbox.channel, 'sms'))).map((r) => r.status),
    ).toEqual(['sent', 'sent']);
    expect(await states(hh, org.orgId)).toEqual(['invited', 'invited']);
  });

  it('waits rather than risk a second message when the provider cannot say what it sent', async () => {
    sms = await startSmsFake({ accountSid: 'AC123', authToken: 'secret-token' });
    const { h: hh, org } = await setup({
      autoDeliver: false,
      sms: twilioSmsTransport({
        accountSid: 'AC123',
        authToken: 'secret-token',
        from: '+15550001111',
        baseUrl: `${sms.url}`,
        timeoutMs: 300,
      }),
    });
    const a = await addPerson(hh, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    sms.plan([{ status: 503 }]);
    await hh.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [a], channel: 'sms' },
    });
    await hh.services.outbox.kick();
    await sms.close(); // the provider is gone: the check cannot be made
    hh.clock.advance(60_000);
    await hh.services.outbox.kick();
    const [row] = await hh.db.select().from(outbox).where(eq(outbox.channel, 'sms'));
    expect(row).toMatchObject({
      status: 'queued',
      lastError: 'Could not check with the SMS provider whether an earlier attempt went out',
    });
    sms = undefined;
  });
});
