/**
 * How webhooks are delivered (features/webhooks/deliver.ts): retries with backoff on the test clock
 * (the same webhook-id on every attempt), an endpoint disabled after 3 days of failures (audit event
 * and a notice to owners and admins, in English and the organization's language), no redirect
 * followed, and the SSRF rules outside local mode, at registration and at delivery time.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  auditEvents,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from '../../worker/src/db/schema';
import { WEBHOOK_BACKOFF_MS } from '../../worker/src/features/webhooks/deliver';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';
import { startHarness, type Harness, type HarnessOptions } from '../helpers/harness';
import { messagesTo } from '../helpers/invitations';
import { addMember, createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
let rx: WebhookReceiver;
let org: Awaited<ReturnType<typeof orgWithRoles>>;

async function setUp(opts: HarnessOptions = {}) {
  h = await startHarness({ autoDeliver: false, ...opts });
  rx = await startWebhookReceiver();
  org = await orgWithRoles(h);
}
afterEach(async () => {
  await h.close();
  await rx.close();
});

const hooks = () => `/api/orgs/${org.orgId}/webhooks`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function register(url = `${rx.url}/hook`) {
  const res = await h.call('POST', hooks(), {
    token: org.admin.token,
    body: { url, events: ['member.removed'] },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

/** Something that emits `member.removed`. */
async function removeSomeone(n = 0) {
  const p = await createUser(h, `p${n}@acme.test`);
  await addMember(h, org.orgId, p, 'member');
  const res = await h.call('DELETE', `/api/orgs/${org.orgId}/members/${p.id}`, {
    token: org.owner.token,
  });
  expect(res.status).toBe(204);
}

const drain = () => h.services.webhooks.drainOnce();

describe('retries', () => {
  it('retries a failing receiver with backoff (1 min, 5 min) and the same webhook-id, until a 2xx', async () => {
    await setUp();
    const { id } = await register();
    rx.answer(500, 502);
    await removeSomeone();
    expect(await drain()).toBe(1);
    expect(await drain()).toBe(0);
    h.clock.advance(MINUTE - 1);
    expect(await drain()).toBe(0);
    h.clock.advance(1);
    expect(await drain()).toBe(1);
    h.clock.advance(5 * MINUTE - 1);
    expect(await drain()).toBe(0);
    h.clock.advance(1);
    expect(await drain()).toBe(1);
    h.clock.advance(24 * HOUR);
    expect(await drain()).toBe(0);

    expect(rx.received.map((r) => r.status)).toEqual([500, 502, 204]);
    const ids = new Set(rx.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
    const stamps = rx.received.map((r) => Number(r.headers['webhook-timestamp']));
    expect(stamps[1]! - stamps[0]!).toBe(60);
    const [delivery] = await h.db.select().from(webhookDeliveries);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    const log = await h.call('GET', `${hooks()}/${id}/deliveries`, { token: org.owner.token });
    expect(
      log.body.items.map((a: { attempt: number; statusCode: number; error: string | null }) => [
        a.attempt,
        a.statusCode,
        a.error,
      ]),
    ).toEqual([
      [3, 204, null],
      [2, 502, 'HTTP 502'],
      [1, 500, 'HTTP 500'],
    ]);
    const [endpoint] = await h.db.select().from(webhookEndpoints);
    expect(endpoint).toMatchObject({ enabled: true, failingSince: null });
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    await setUp();
    const { id } = await register();
    rx.answer(302);
    const res = await h.call('POST', `${hooks()}/${id}/test`, { token: org.admin.token });
    expect(res.body.attempt).toMatchObject({
      ok: false,
      statusCode: 302,
      error: 'redirect (HTTP 302) not followed',
    });
    expect(rx.received).toHaveLength(1);
    const [delivery] = await h.db.select().from(webhookDeliveries);
    expect(delivery).toMatchObject({ status: 'queued', attempts: 1 });
    expect(delivery!.nextAttemptAt).toBe(h.clock.now() + WEBHOOK_BACKOFF_MS[0]!);
  });

  it('a secret that cannot be read (TOKEN_SECRET changed) fails the attempt with what to do, sending nothing', async () => {
    await setUp();
    const { id } = await register();
    await h.db.update(webhookEndpoints).set({ secretEnc: 'v1.AAAAAAAAAAAAAAAA.AAAA' });
    const res = await h.call('POST', `${hooks()}/${id}/test`, { token: org.admin.token });
    expect(res.body.attempt).toMatchObject({
      ok: false,
      error: 'the signing secret cannot be read: rotate it',
    });
    expect(rx.received).toEqual([]);
    await h.call('POST', `${hooks()}/${id}/rotate-secret`, { token: org.admin.token });
    const again = await h.call('POST', `${hooks()}/${id}/test`, { token: org.admin.token });
    expect(again.body.attempt).toMatchObject({ ok: true });
  });

  it('an unreachable receiver is a failure with its reason, retried', async () => {
    await setUp();
    await register('http://127.0.0.1:1/nothing-listens');
    await removeSomeone();
    await drain();
    const [delivery] = await h.db.select().from(webhookDeliveries);
    expect(delivery!.status).toBe('queued');
    expect(delivery!.lastError).toMatch(/^could not connect/);
  });
});

describe('the delivery log', () => {
  it('keeps the last 100 attempts of an endpoint, and none older than 14 days', async () => {
    await setUp();
    const { id } = await register();
    for (let i = 0; i < 101; i++) {
      h.clock.advance(1);
      await h.call('POST', `${hooks()}/${id}/test`, { token: org.admin.token });
    }
    const log = await h.call('GET', `${hooks()}/${id}/deliveries`, { token: org.admin.token });
    expect(log.body.items).toHaveLength(100);
    expect(await h.db.select().from(webhookAttempts)).toHaveLength(100);
    const newest = log.body.items[0].eventId;
    expect(rx.received.at(-1)!.headers['webhook-id']).toBe(newest);
    h.clock.advance(14 * 24 * HOUR + 1);
    await h.call('POST', `${hooks()}/${id}/test`, { token: org.admin.token });
    expect(await h.db.select().from(webhookAttempts)).toHaveLength(1);
  });
});

describe('disabling an endpoint that fails for 3 days', () => {
  it('disables it with an audit event and a notice to owners and admins in English and the organization language', async () => {
    await setUp();
    const settings = await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { language: 'ja' },
    });
    expect(settings.status).toBe(200);
    const { id } = await register();
    rx.always(500);
    await removeSomeone();
    const started = h.clock.now();
    let attempts = 0;
    for (let i = 0; i < 20; i++) {
      attempts += await drain();
      const [e] = await h.db.select().from(webhookEndpoints);
      if (!e!.enabled) break;
      expect(h.clock.now() - started).toBeLessThan(96 * HOUR);
      const [d] = await h.db.select().from(webhookDeliveries);
      h.clock.set(d!.nextAttemptAt);
    }
    // 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h, 24 h, 24 h: the tenth attempt is past 72 h.
    expect(attempts).toBe(10);
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(72 * HOUR);
    const [endpoint] = await h.db.select().from(webhookEndpoints);
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const audit = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'webhook.disable'), eq(auditEvents.targetId, id)));
    expect(audit).toHaveLength(1);
    await h.services.outbox.kick();
    for (const to of [org.owner.email, org.admin.email]) {
      const [notice] = await messagesTo(h, to);
      expect(notice?.subject).toContain('Webhook');
      expect(notice?.subject).toContain('A webhook endpoint of Acme was disabled');
      expect(notice?.text).toContain('Every attempt to deliver events');
      expect(notice?.text).toContain('無効');
      expect(notice?.text).toContain(`${rx.url}/hook`);
      expect(notice?.text).toContain('HTTP 500');
    }
    expect(await messagesTo(h, org.member.email)).toEqual([]);
    // Disabled: new events are not queued for it, and the API shows why.
    await removeSomeone(1);
    expect(await h.db.select().from(webhookDeliveries)).toHaveLength(1);
    const shown = await h.call('GET', `${hooks()}/${id}`, { token: org.admin.token });
    expect(shown.body).toMatchObject({ enabled: false, disabledReason: 'failing' });
    // Enabled again by an admin: a clean slate.
    const on = await h.call('PATCH', `${hooks()}/${id}`, {
      token: org.admin.token,
      body: { enabled: true },
    });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it('a success in between starts the 3 days again', async () => {
    await setUp();
    await register();
    rx.always(500);
    await removeSomeone();
    await drain();
    h.clock.advance(60 * HOUR);
    rx.always(204);
    await drain();
    expect((await h.db.select().from(webhookEndpoints))[0]!.failingSince).toBeNull();
    rx.always(500);
    h.clock.advance(20 * HOUR);
    await removeSomeone(1);
    await drain();
    const [endpoint] = await h.db.select().from(webhookEndpoints);
    expect(endpoint!.enabled).toBe(true);
    expect(endpoint!.failingSince).toBe(h.clock.now());
  });
});

describe('SSRF: outside local mode only https to public hosts', () => {
  const refused = [
    ['http://hooks.example.com/x', 'Use an https URL'],
    ['https://10.1.2.3/x', 'Private'],
    ['https://172.16.0.1/x', 'Private'],
    ['https://192.168.1.1/x', 'Private'],
    ['https://127.0.0.1/x', 'Loopback'],
    ['https://[::1]/x', 'Loopback'],
    ['https://[::ffff:127.0.0.1]/x', 'Loopback'],
    ['https://0x7f000001/x', 'Loopback'],
    ['https://localhost/x', 'Loopback'],
    ['https://169.254.169.254/latest/meta-data', 'Link-local'],
    ['https://[fe80::1]/x', 'Link-local'],
    ['https://[fd12:3456::1]/x', 'Unique-local'],
    ['https://100.64.0.1/x', 'CGNAT'],
    ['https://0.0.0.0/x', 'Unspecified'],
    ['https://metadata.google.internal/computeMetadata', 'Internal'],
    ['https://intranet/x', 'public host'],
    ['https://user:pw@hooks.example.com/x', 'credentials'],
    // Found by an outside attack: trailing dots, IPv4 inside IPv6, and the rest of the special ranges.
    ['https://localhost../x', 'Loopback'],
    ['https://metadata.google.internal../x', 'Internal'],
    ['https://[64:ff9b::7f00:1]/x', 'Loopback'],
    ['https://[64:ff9b::a9fe:a9fe]/x', 'Link-local'],
    ['https://[2002:7f00:1::]/x', 'Loopback'],
    ['https://[::ffff:0:7f00:1]/x', 'Loopback'],
    ['https://198.18.0.1/x', 'Benchmarking'],
    ['https://192.0.0.1/x', 'Protocol assignment'],
    ['https://[fec0::1]/x', 'Site-local'],
    ['https://[100::1]/x', 'Discard'],
    ['https://[2001:db8::1]/x', 'Documentation'],
  ] as const;

  it('refuses each category at registration (422 on url) and registers a public https URL', async () => {
    await setUp({ publicUrl: 'https://invitations.example' });
    expect(h.services.config.localMode).toBe(false);
    for (const [url, why] of refused) {
      const res = await h.call('POST', hooks(), {
        token: org.admin.token,
        body: { url, events: ['member.joined'] },
      });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.fields.url, url).toContain(why);
    }
    expect(await h.db.select().from(webhookEndpoints)).toEqual([]);
    const ok = await h.call('POST', hooks(), {
      token: org.admin.token,
      body: { url: 'https://hooks.example.com/invitations', events: ['member.joined'] },
    });
    expect(ok.status).toBe(201);
    const patched = await h.call('PATCH', `${hooks()}/${ok.body.id}`, {
      token: org.admin.token,
      body: { url: 'https://10.0.0.1/x' },
    });
    expect(patched.status).toBe(422);
  });

  it('refuses again at delivery time: an endpoint whose URL became a private one gets no request', async () => {
    await setUp({ publicUrl: 'https://invitations.example' });
    const ok = await h.call('POST', hooks(), {
      token: org.admin.token,
      body: { url: 'https://hooks.example.com/x', events: ['member.removed'] },
    });
    // As an endpoint registered in local mode, or written before this rule, would be.
    await h.db
      .update(webhookEndpoints)
      .set({ url: `${rx.url}/hook` })
      .where(eq(webhookEndpoints.id, ok.body.id));
    const res = await h.call('POST', `${hooks()}/${ok.body.id}/test`, { token: org.admin.token });
    expect(res.body.attempt).toMatchObject({
      ok: false,
      statusCode: null,
      error: 'refused: Use an https URL',
    });
    expect(rx.received).toEqual([]);
  });

  it('local mode lets http and loopback receivers through (the tests use one)', async () => {
    await setUp();
    expect(h.services.config.localMode).toBe(true);
    await register();
  });
});
