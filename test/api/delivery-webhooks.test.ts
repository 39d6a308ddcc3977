/**
 * Delivery status from Resend's webhooks (POST /webhooks/resend): reports signed the Svix way —
 * signed here with node:crypto, independently of worker/src/lib/svix.ts — reach the message, the
 * personal invitation's and the member's delivery, and a bounce puts a pending member's invitation
 * state to `error`. Replays, forgeries and stale reports change nothing; out-of-order reports never
 * take a status back.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, webhookReceipts } from '../../worker/src/db/schema';
import { runMaintenance } from '../../worker/src/features/maintenance/maintenance';
import { resendTransport } from '../../worker/src/mail/resend';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';
import { startHarness, type Harness } from '../helpers/harness';
import { addPerson } from '../helpers/invitations';
import { orgWithRoles } from '../helpers/seed';

const SECRET_BYTES = randomBytes(24);
const SECRET = `whsec_${SECRET_BYTES.toString('base64')}`;

/** Svix's scheme, written from its description: v1,base64(HMAC-SHA256(key, "id.ts.body")). */
function sign(id: string, timestampSeconds: number, body: string, key: Buffer = SECRET_BYTES) {
  const mac = createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

let h: Harness;
let resend: ResendFake;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
let eventCount = 0;

beforeEach(async () => {
  resend = await startResendFake();
  h = await startHarness({
    email: resendTransport({
      apiKey: 're_test',
      from: 'Acme <invites@acme.test>',
      baseUrl: resend.url,
    }),
    webhooks: { resendSecret: SECRET },
    autoDeliver: false,
  });
  org = await orgWithRoles(h);
});
afterEach(async () => {
  await h.close();
  await resend.close();
});

interface Post {
  id?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Seconds since the epoch; the harness clock's now unless given. */
  timestamp?: number;
  signature?: string;
}

/** Posts a report as Resend would (signed with SECRET unless told otherwise). */
function post({ id, body = '{}', headers, timestamp, signature }: Post) {
  const svixId = id ?? `msg_${++eventCount}`;
  const ts = timestamp ?? Math.floor(h.clock.now() / 1000);
  return h.call('POST', '/webhooks/resend', {
    raw: body,
    headers: headers ?? {
      'content-type': 'application/json',
      'svix-id': svixId,
      'svix-timestamp': String(ts),
      'svix-signature': signature ?? sign(svixId, ts, body),
    },
  });
}

function event(type: string, emailId: string, data: Record<string, unknown> = {}, at?: number) {
  return JSON.stringify({
    type,
    created_at: new Date(at ?? h.clock.now()).toISOString(),
    data: { email_id: emailId, to: ['someone@example.com'], subject: 'Invitation', ...data },
  });
}

const BOUNCE = {
  bounce: {
    message: 'The recipient mailbox does not exist',
    type: 'Permanent',
    subType: 'General',
  },
};

/** A bulk invitation to a pending member, sent: its user id and Resend's id for it. */
async function invitedMember(email = 'new@example.com') {
  const userId = await addPerson(h, org.orgId, org.owner.token, { email });
  const res = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
    token: org.owner.token,
    body: { userIds: [userId], channel: 'email' },
  });
  expect(res.status).toBe(202);
  await h.services.outbox.kick();
  const sent = resend.sentTo(email);
  expect(sent).toHaveLength(1);
  return { userId, emailId: sent[0]!.id };
}

/** A personal invitation by e-mail, sent: its id and Resend's id for it. */
async function personalInvitation(email = 'invitee@example.com') {
  const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
    token: org.owner.token,
    body: { email, role: 'member' },
  });
  expect(res.status).toBe(201);
  await h.services.outbox.kick();
  const sent = resend.sentTo(email);
  expect(sent).toHaveLength(1);
  return { id: res.body.invitation.id as string, emailId: sent[0]!.id };
}

const member = async (userId: string) => {
  const res = await h.call('GET', `/api/orgs/${org.orgId}/members?status=pending`, {
    token: org.owner.token,
  });
  return (res.body.items as { userId: string }[]).find((m) => m.userId === userId) as
    | Record<string, unknown>
    | undefined;
};
const invitation = async (id: string) => {
  const res = await h.call('GET', `/api/orgs/${org.orgId}/invitations`, { token: org.owner.token });
  return (res.body.items as { id: string }[]).find((i) => i.id === id) as
    | Record<string, unknown>
    | undefined;
};
const outboxRows = () => h.db.select().from(outbox);

describe('POST /webhooks/resend: a bounce', () => {
  it('a signed bounce sets the member invitation state to error with the reason; the members list and its error filter show it; a replay changes nothing more', async () => {
    const { userId, emailId } = await invitedMember();
    expect((await member(userId))?.invitationState).toBe('invited');
    const at = h.clock.now();
    const body = event('email.bounced', emailId, BOUNCE, at);
    const first = await post({ id: 'msg_bounce', body });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true, recorded: true });

    const m = await member(userId);
    expect(m?.invitationState).toBe('error');
    expect(m?.invitationError).toBe('The recipient mailbox does not exist');
    expect(m?.delivery).toEqual({
      status: 'bounced',
      at: new Date(at).toISOString(),
      reason: 'The recipient mailbox does not exist',
    });
    const errors = await h.call('GET', `/api/orgs/${org.orgId}/members?invitation=error`, {
      token: org.admin.token,
    });
    expect(errors.body.items.map((i: { userId: string }) => i.userId)).toEqual([userId]);

    // The same svix-id again (Resend retries, or someone replays it): acknowledged, nothing changes.
    const before = { member: await member(userId), rows: await outboxRows() };
    h.clock.advance(60_000);
    const replay = await post({ id: 'msg_bounce', body });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ ok: true, recorded: false });
    expect(await member(userId)).toEqual(before.member);
    expect(await outboxRows()).toEqual(before.rows);
    // Even a replay carrying another story under the same id changes nothing.
    const other = await post({ id: 'msg_bounce', body: event('email.delivered', emailId) });
    expect(other.body.recorded).toBe(false);
    expect(await member(userId)).toEqual(before.member);
  });

  it('a report that outruns the drainer’s write of Resend’s id finds its message by the outbox_id tag', async () => {
    const { userId, emailId } = await invitedMember();
    const row = (await outboxRows()).find((r) => r.providerMessageId === emailId)!;
    // Every message goes to Resend tagged with its outbox row.
    expect(resend.sentTo('new@example.com')[0]!.tags).toEqual([
      { name: 'outbox_id', value: row.id },
    ]);
    // As it stands between Resend's answer and the drainer's write of it.
    await h.db.update(outbox).set({ providerMessageId: null }).where(eq(outbox.id, row.id));
    const untagged = await post({ body: event('email.bounced', emailId, BOUNCE) });
    expect(untagged.body).toEqual({ ok: true, recorded: false });
    expect((await member(userId))?.invitationState).toBe('invited');
    // A tag naming no message of ours changes nothing either.
    await post({
      body: event('email.bounced', emailId, { ...BOUNCE, tags: { outbox_id: 'nope' } }),
    });
    expect((await member(userId))?.invitationState).toBe('invited');

    const tagged = await post({
      body: event('email.bounced', emailId, { ...BOUNCE, tags: { outbox_id: row.id } }),
    });
    expect(tagged.body).toEqual({ ok: true, recorded: true });
    const m = await member(userId);
    expect(m?.invitationState).toBe('error');
    expect(m?.invitationError).toBe('The recipient mailbox does not exist');
    expect((await outboxRows()).find((r) => r.id === row.id)?.deliveryStatus).toBe('bounced');
  });

  it('reads the outbox_id tag from a list of tags too', async () => {
    const { userId, emailId } = await invitedMember();
    const row = (await outboxRows()).find((r) => r.providerMessageId === emailId)!;
    await h.db.update(outbox).set({ providerMessageId: null }).where(eq(outbox.id, row.id));
    await post({
      body: event('email.complained', emailId, {
        tags: [
          { name: 'other', value: 'x' },
          { name: 'outbox_id', value: row.id },
        ],
      }),
    });
    expect((await member(userId))?.invitationState).toBe('error');
  });

  it('an event type named like a built-in property (__proto__, constructor) is acknowledged and ignored, never a 500', async () => {
    for (const type of ['__proto__', 'constructor', 'toString']) {
      const res = await post({ body: event(type, 'no-such-message') });
      expect(res.status, type).toBe(200);
      expect(res.body.recorded).toBe(false);
    }
  });

  it('a bounce of a personal invitation shows in the invitations list with its reason', async () => {
    const { id, emailId } = await personalInvitation();
    expect((await invitation(id))?.delivery).toBeNull();
    const at = h.clock.now();
    await post({ body: event('email.bounced', emailId, BOUNCE, at) });
    expect((await invitation(id))?.delivery).toEqual({
      status: 'bounced',
      at: new Date(at).toISOString(),
      reason: 'The recipient mailbox does not exist',
    });
    // A resend is a new message: its delivery is unknown until its own reports come.
    const resent = await h.call('POST', `/api/orgs/${org.orgId}/invitations/${id}/resend`, {
      token: org.owner.token,
    });
    expect(resent.status).toBe(200);
    expect((await invitation(id))?.delivery).toBeNull();
  });

  it('a complaint sets the member to error too; a delivered report only records delivery', async () => {
    const a = await invitedMember('a@example.com');
    const b = await invitedMember('b@example.com');
    const at = h.clock.now();
    await post({ body: event('email.delivered', a.emailId, {}, at) });
    await post({ body: event('email.complained', b.emailId, {}, at) });
    const ma = await member(a.userId);
    expect(ma?.invitationState).toBe('invited');
    expect(ma?.delivery).toEqual({
      status: 'delivered',
      at: new Date(at).toISOString(),
      reason: null,
    });
    const mb = await member(b.userId);
    expect(mb?.invitationState).toBe('error');
    expect(mb?.invitationError).toBe('The recipient marked the message as spam');
    expect(mb?.delivery).toMatchObject({ status: 'complained', reason: null });
  });

  it('delivery_delayed records a delay, and a later delivered report replaces it', async () => {
    const { id, emailId } = await personalInvitation();
    await post({ body: event('email.delivery_delayed', emailId) });
    expect((await invitation(id))?.delivery).toMatchObject({ status: 'delayed' });
    h.clock.advance(600_000);
    await post({ body: event('email.delivered', emailId) });
    expect((await invitation(id))?.delivery).toMatchObject({
      status: 'delivered',
      at: new Date(h.clock.now()).toISOString(),
    });
  });
});

describe('GET /invitations?delivery=problem', () => {
  it('lists the invitations whose latest message bounced or was marked as spam, until they are resent', async () => {
    const bounced = await personalInvitation('bounced@example.com');
    h.clock.advance(1000); // newest first: the spam one is newer
    const spam = await personalInvitation('spam@example.com');
    const fine = await personalInvitation('fine@example.com');
    await personalInvitation('silent@example.com');
    await post({ body: event('email.bounced', bounced.emailId, BOUNCE) });
    await post({ body: event('email.complained', spam.emailId) });
    await post({ body: event('email.delivered', fine.emailId) });
    const problems = async (query = '') =>
      (
        await h.call('GET', `/api/orgs/${org.orgId}/invitations?delivery=problem${query}`, {
          token: org.admin.token,
        })
      ).body.items.map((i: { id: string }) => i.id);
    expect(await problems()).toEqual([spam.id, bounced.id]);
    expect(await problems('&status=pending')).toEqual([spam.id, bounced.id]);
    expect(await problems('&limit=1')).toEqual([spam.id]);
    await h.call('POST', `/api/orgs/${org.orgId}/invitations/${bounced.id}/resend`, {
      token: org.owner.token,
    });
    expect(await problems()).toEqual([spam.id]);
    const bad = await h.call('GET', `/api/orgs/${org.orgId}/invitations?delivery=bounced`, {
      token: org.admin.token,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toHaveProperty('delivery');
  });
});

describe('POST /webhooks/resend: a welcome', () => {
  it('a bounced welcome after a join without approval puts the newcomer in error with the reason', async () => {
    const link = await h.call('POST', `/api/orgs/${org.orgId}/links`, {
      token: org.owner.token,
      body: { expiresInHours: 24, requiresApproval: false },
    });
    const token = (link.body.url as string).split('/join/')[1];
    const joined = await h.call('POST', `/api/join/${token}`, {
      body: { name: 'Nia Newcomer', email: 'nia@example.com' },
    });
    expect(joined.body.status).toBe('approved');
    await h.services.outbox.kick();
    const [welcome] = resend.sentTo('nia@example.com');
    const list = await h.call('GET', `/api/orgs/${org.orgId}/members?q=nia`, {
      token: org.owner.token,
    });
    const userId = list.body.items[0].userId as string;
    expect((await member(userId))?.invitationState).toBe('invited');
    await post({ body: event('email.bounced', welcome!.id, BOUNCE) });
    const m = await member(userId);
    expect(m?.invitationState).toBe('error');
    expect(m?.delivery).toMatchObject({
      status: 'bounced',
      reason: 'The recipient mailbox does not exist',
    });
  });
});

describe('POST /webhooks/resend: out of order', () => {
  it('delivered after bounced keeps bounced; delayed after delivered keeps delivered', async () => {
    const bounced = await invitedMember('bounced@example.com');
    const t0 = h.clock.now();
    await post({ body: event('email.bounced', bounced.emailId, BOUNCE, t0) });
    const late = await post({ body: event('email.delivered', bounced.emailId, {}, t0 - 1000) });
    expect(late.status).toBe(200);
    const m = await member(bounced.userId);
    expect(m?.delivery).toMatchObject({ status: 'bounced' });
    expect(m?.invitationState).toBe('error');

    const { id, emailId } = await personalInvitation();
    await post({ body: event('email.delivered', emailId, {}, t0) });
    await post({ body: event('email.delivery_delayed', emailId, {}, t0 - 5000) });
    expect((await invitation(id))?.delivery).toEqual({
      status: 'delivered',
      at: new Date(t0).toISOString(),
      reason: null,
    });
  });

  it('a report about an earlier invitation message does not touch the member after a new one was sent', async () => {
    const first = await invitedMember();
    // Invited again: a new single-use link, a new message.
    await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [first.userId], channel: 'email' },
    });
    await h.services.outbox.kick();
    expect(resend.sentTo('new@example.com')).toHaveLength(2);
    await post({ body: event('email.bounced', first.emailId, BOUNCE) });
    const m = await member(first.userId);
    expect(m?.invitationState).toBe('invited');
    expect(m?.delivery).toBeNull();
  });
});

describe('POST /webhooks/resend: refused or ignored', () => {
  it('unsigned, wrongly signed, stale, future or other-secret reports → 401 in the error shape, nothing changed', async () => {
    const { userId, emailId } = await invitedMember();
    const body = event('email.bounced', emailId, BOUNCE);
    const now = Math.floor(h.clock.now() / 1000);
    const other = randomBytes(24);
    const refused = [
      await post({ body, headers: { 'content-type': 'application/json' } }),
      await post({ body, headers: { 'svix-id': 'msg_x', 'svix-timestamp': String(now) } }),
      await post({ body, signature: 'v1,AAAA' }),
      await post({ body, signature: `v2,${sign('msg_y', now, body).slice(3)}` }),
      await post({ id: 'msg_z', body, signature: sign('msg_z', now, body, other) }),
      await post({ id: 'msg_w', body, signature: sign('msg_w', now, `${body} `) }),
      await post({ body, timestamp: now - 6 * 60 }),
      await post({ body, timestamp: now + 6 * 60 }),
      await post({ body, timestamp: Number.NaN }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await member(userId))?.invitationState).toBe('invited');
    expect((await member(userId))?.delivery).toBeNull();
    expect(await h.db.select().from(webhookReceipts)).toEqual([]);
  });

  it('accepts any one of several signatures (a secret being rotated) and a timestamp within five minutes', async () => {
    const { userId, emailId } = await invitedMember();
    const body = event('email.bounced', emailId, BOUNCE);
    const ts = Math.floor(h.clock.now() / 1000) - 4 * 60;
    const other = sign('msg_rot', ts, body, randomBytes(24));
    const res = await post({
      id: 'msg_rot',
      body,
      timestamp: ts,
      signature: `${other} ${sign('msg_rot', ts, body)}`,
    });
    expect(res.status).toBe(200);
    expect((await member(userId))?.invitationState).toBe('error');
  });

  it('an unknown email_id is acknowledged and ignored; an event type not followed likewise', async () => {
    const unknown = await post({ body: event('email.bounced', 'not-ours', BOUNCE) });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ ok: true, recorded: false });
    const opened = await post({ body: event('email.opened', 'not-ours') });
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ ok: true, recorded: false });
  });

  it('signed but malformed JSON → 400, the wrong shape → 422, in the error shape; never 500', async () => {
    const bad = await post({ body: '{"type": "email.bounced", ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const noId = await post({ body: JSON.stringify({ type: 'email.bounced', data: {} }) });
    expect(noId.status).toBe(422);
    expect(noId.body.error.code).toBe('invalid_input');
    const noType = await post({ body: '[1, 2]' });
    expect(noType.status).toBe(422);
    expect(await h.db.select().from(webhookReceipts)).toEqual([]);
  });

  it('without RESEND_WEBHOOK_SECRET the route answers 404', async () => {
    const plain = await startHarness();
    try {
      const res = await plain.call('POST', '/webhooks/resend', { body: { type: 'email.bounced' } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    } finally {
      await plain.close();
    }
  });

  it('the maintenance job forgets report ids after a week', async () => {
    const { emailId } = await personalInvitation();
    await post({ id: 'msg_kept', body: event('email.delivered', emailId) });
    h.clock.advance(8 * 24 * 3600_000);
    const result = await runMaintenance({
      db: h.db,
      outbox: h.services.outbox,
      now: h.clock.now,
      log: () => {},
    });
    expect(result.deletedWebhookReceipts).toBe(1);
    expect(await h.db.select().from(webhookReceipts)).toEqual([]);
  });
});
