/**
 * Signed webhooks for integrators (features/webhooks/): an application approved reaches a local
 * endpoint signed as Standard Webhooks says, checked with an independent implementation (the
 * `standardwebhooks` package, and node:crypto); the endpoints' API; the events each change emits
 * and what their payloads never hold.
 */
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMaintenance } from '../../worker/src/features/maintenance/maintenance';
import {
  auditEvents,
  invitations,
  webhookDeliveries,
  webhookEndpoints,
} from '../../worker/src/db/schema';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';
import { startHarness, type Harness } from '../helpers/harness';
import { HOUR } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { addMember, createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
let rx: WebhookReceiver;
let org: Awaited<ReturnType<typeof orgWithRoles>>;

beforeEach(async () => {
  h = await startHarness();
  rx = await startWebhookReceiver();
  org = await orgWithRoles(h);
});
afterEach(async () => {
  await h.close();
  await rx.close();
});

const hooks = (orgId = org.orgId) => `/api/orgs/${orgId}/webhooks`;

async function register(events: string[], token = org.admin.token, path = '/hook') {
  const res = await h.call('POST', hooks(), { token, body: { url: `${rx.url}${path}`, events } });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

/** Delivers what is due and waits for the work requests left behind. */
async function delivered() {
  await h.settled();
  await h.services.webhooks.kick();
}

/** Whether a JSON text holds anything token-like: a field so named, a secret, a link with a token. */
const tokenLike = (text: string) =>
  /"[a-z]*(token|secret|password|hash|nonce|url)[a-z]*"\s*:/i.test(text) ||
  /whsec_|\/invite\/|\/join\/|\/set-password\/|\/confirm\//.test(text);

describe('the issue: a signed webhook after an application is approved', () => {
  it('reaches a local endpoint, and its signature verifies with the standardwebhooks package and node:crypto', async () => {
    const { secret } = await register(['application.approved']);
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: true });
    expect(
      (await apply(h, link.token, { name: 'Ann Applicant', email: 'ann@example.com' })).status,
    ).toBe(201);
    const [app] = (
      await h.call('GET', `/api/orgs/${org.orgId}/applications`, { token: org.admin.token })
    ).body.items;
    const approved = await h.call('POST', `/api/orgs/${org.orgId}/applications/${app.id}/approve`, {
      token: org.owner.token,
    });
    expect(approved.status).toBe(200);
    await delivered();

    expect(rx.received).toHaveLength(1);
    const [got] = rx.received;
    const headers = {
      'webhook-id': String(got!.headers['webhook-id']),
      'webhook-timestamp': String(got!.headers['webhook-timestamp']),
      'webhook-signature': String(got!.headers['webhook-signature']),
    };
    // The reference implementation: throws unless the signature and the timestamp hold.
    const payload = new Webhook(secret).verify(got!.body, headers) as Record<string, unknown>;
    expect(payload).toMatchObject({
      id: headers['webhook-id'],
      type: 'application.approved',
      org: { id: org.orgId, name: 'Acme' },
      actor: { type: 'user', id: org.owner.id, name: 'owner' },
      data: {
        application: {
          id: app.id,
          email: 'ann@example.com',
          name: 'Ann Applicant',
          linkId: link.id,
        },
      },
    });
    expect(Date.parse(payload.createdAt as string)).toBe(h.clock.now());
    // The same by hand.
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    expect(key.length).toBeGreaterThanOrEqual(24);
    const expected = createHmac('sha256', key)
      .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${got!.body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(Math.abs(Number(headers['webhook-timestamp']) - h.clock.now() / 1000)).toBeLessThan(2);
    // A tampered body or another secret does not verify.
    expect(() => new Webhook(secret).verify(got!.body.replace('Ann', 'Eve'), headers)).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(got!.body, headers),
    ).toThrow();
    expect(tokenLike(got!.body)).toBe(false);
  });
});

describe('registering and managing endpoints', () => {
  it('shows the secret once: never in the list, one endpoint, the log or the database in plain text', async () => {
    const created = await register(['member.joined', 'member.removed']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created).toMatchObject({
      url: `${rx.url}/hook`,
      events: ['member.joined', 'member.removed'],
      enabled: true,
    });
    const list = await h.call('GET', hooks(), { token: org.owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const one = await h.call('GET', `${hooks()}/${created.id}`, { token: org.admin.token });
    expect(one.status).toBe(200);
    expect(one.body.recentAttempts).toEqual([]);
    for (const text of [list.text, one.text, h.logs.join('\n')]) {
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain('whsec_');
      expect(text).not.toMatch(/secret/i);
    }
    const [row] = await h.db.select().from(webhookEndpoints);
    expect(row!.secretEnc).not.toContain(created.secret.slice(6));
    expect(row!.secretEnc).toMatch(/^v1\./);
  });

  it('rotates the secret: a new one shown once, and deliveries are signed with it', async () => {
    const { id, secret } = await register(['invitation.created']);
    const rotated = await h.call('POST', `${hooks()}/${id}/rotate-secret`, {
      token: org.admin.token,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    const test = await h.call('POST', `${hooks()}/${id}/test`, { token: org.admin.token });
    expect(test.status).toBe(200);
    const [got] = rx.received;
    const headers = got!.headers as Record<string, string>;
    expect(() => new Webhook(rotated.body.secret).verify(got!.body, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(got!.body, headers)).toThrow();
  });

  it('sends a test event now, through the same signed path, and logs the attempt', async () => {
    const { id, secret } = await register(['member.joined']);
    const res = await h.call('POST', `${hooks()}/${id}/test`, { token: org.owner.token });
    expect(res.status).toBe(200);
    expect(res.body.attempt).toMatchObject({
      ok: true,
      statusCode: 204,
      attempt: 1,
      type: 'webhook.test',
      error: null,
    });
    expect(res.body.attempt.durationMs).toBeGreaterThanOrEqual(0);
    expect(rx.received).toHaveLength(1);
    const event = new Webhook(secret).verify(
      rx.received[0]!.body,
      rx.received[0]!.headers as Record<string, string>,
    );
    expect(event).toMatchObject({
      type: 'webhook.test',
      id: res.body.eventId,
      actor: { id: org.owner.id },
    });
    rx.answer(503);
    const failed = await h.call('POST', `${hooks()}/${id}/test`, { token: org.owner.token });
    expect(failed.body.attempt).toMatchObject({ ok: false, statusCode: 503, error: 'HTTP 503' });
    const log = await h.call('GET', `${hooks()}/${id}/deliveries`, { token: org.admin.token });
    expect(log.status).toBe(200);
    expect(log.body.items.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 204]);
    expect(log.body.items[0]).toMatchObject({ attempt: 1, ok: false, type: 'webhook.test' });
    expect(typeof log.body.items[0].at).toBe('string');
    const detail = await h.call('GET', `${hooks()}/${id}`, { token: org.admin.token });
    expect(detail.body.recentAttempts).toHaveLength(2);
  });

  it('changes url, events and enabled; a disabled endpoint gets nothing; deleting removes it', async () => {
    const { id } = await register(['invitation.created']);
    const patched = await h.call('PATCH', `${hooks()}/${id}`, {
      token: org.admin.token,
      body: { events: ['member.removed'], enabled: false, url: `${rx.url}/other` },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      events: ['member.removed'],
      enabled: false,
      url: `${rx.url}/other`,
    });
    expect(patched.text).not.toContain('whsec_');
    await h.call('DELETE', `/api/orgs/${org.orgId}/members/${org.member.id}`, {
      token: org.owner.token,
    });
    await delivered();
    expect(rx.received).toEqual([]);
    await h.call('PATCH', `${hooks()}/${id}`, { token: org.admin.token, body: { enabled: true } });
    const other = await createUser(h, 'other@acme.test');
    await addMember(h, org.orgId, other, 'member');
    await h.call('DELETE', `/api/orgs/${org.orgId}/members/${other.id}`, {
      token: org.owner.token,
    });
    await delivered();
    expect(rx.events().map((e) => [e.type, e.data.member.userId])).toEqual([
      ['member.removed', other.id],
    ]);
    expect(rx.received[0]!.path).toBe('/other');
    const gone = await h.call('DELETE', `${hooks()}/${id}`, { token: org.owner.token });
    expect(gone.status).toBe(204);
    expect((await h.call('GET', `${hooks()}/${id}`, { token: org.owner.token })).status).toBe(404);
    expect((await h.call('DELETE', `${hooks()}/${id}`, { token: org.owner.token })).status).toBe(
      404,
    );
    const actions = (await h.db.select().from(auditEvents)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['webhook.create', 'webhook.update', 'webhook.delete']),
    );
  });
});

describe('who may', () => {
  it('members 403, another organization 404, not signed in 401, on every route', async () => {
    const { id } = await register(['member.joined']);
    const stranger = await createUser(h, 'boss@beta.test');
    const beta = await h.call('POST', '/api/orgs', {
      token: stranger.token,
      body: { name: 'Beta' },
    });
    const routes: [string, string, unknown?][] = [
      ['POST', hooks(), { url: `${rx.url}/x`, events: ['member.joined'] }],
      ['GET', hooks()],
      ['GET', `${hooks()}/${id}`],
      ['GET', `${hooks()}/${id}/deliveries`],
      ['PATCH', `${hooks()}/${id}`, { enabled: false }],
      ['POST', `${hooks()}/${id}/rotate-secret`],
      ['POST', `${hooks()}/${id}/test`],
      ['DELETE', `${hooks()}/${id}`],
    ];
    for (const [method, path, body] of routes) {
      expect(
        (await h.call(method, path, { token: org.member.token, body })).status,
        `${method} ${path}`,
      ).toBe(403);
      expect((await h.call(method, path, { body })).status, `${method} ${path}`).toBe(401);
      // The outsider is no member of Acme; their own organization does not have Acme's endpoint.
      expect(
        (await h.call(method, path, { token: stranger.token, body })).status,
        `${method} ${path}`,
      ).toBe(404);
      const theirs = path.replace(org.orgId, beta.body.id);
      if (theirs.includes(id))
        expect(
          (await h.call(method, theirs, { token: stranger.token, body })).status,
          `${method} ${theirs}`,
        ).toBe(404);
    }
    expect(rx.received).toEqual([]);
    const [row] = await h.db.select().from(webhookEndpoints);
    expect(row!.enabled).toBe(true);
  });
});

describe('bad input and limits', () => {
  it('refuses bad bodies with invalid_input and changes nothing', async () => {
    const bad: unknown[] = [
      {},
      { url: `${rx.url}/x`, events: [] },
      { url: `${rx.url}/x`, events: ['nope'] },
      { url: `${rx.url}/x`, events: ['webhook.test'] },
      { url: '', events: ['member.joined'] },
      { url: 'not a url', events: ['member.joined'] },
      { url: `${rx.url}/${'a'.repeat(2001)}`, events: ['member.joined'] },
      { url: 'ftp://example.com/x', events: ['member.joined'] },
      { url: `${rx.url}/x`, events: ['member.joined'], extra: 1 },
    ];
    for (const body of bad) {
      const res = await h.call('POST', hooks(), { token: org.admin.token, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
    }
    const { id } = await register(['member.joined']);
    const patch = await h.call('PATCH', `${hooks()}/${id}`, {
      token: org.admin.token,
      body: { enabled: 'yes' },
    });
    expect(patch.status).toBe(422);
    expect((await h.call('GET', `${hooks()}/not*an*id`, { token: org.admin.token })).status).toBe(
      422,
    );
    expect(await h.db.select().from(webhookEndpoints)).toHaveLength(1);
  });

  it('an organization has at most 10 endpoints: the eleventh is a conflict', async () => {
    for (let i = 0; i < 10; i++) await register(['member.joined'], org.admin.token, `/h${i}`);
    const res = await h.call('POST', hooks(), {
      token: org.admin.token,
      body: { url: `${rx.url}/h10`, events: ['member.joined'] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(await h.db.select().from(webhookEndpoints)).toHaveLength(10);
  });
});

describe('events and their payloads', () => {
  it('emits each event in the batch of its change, with ids and no token, secret or link', async () => {
    await register([
      'invitation.created',
      'invitation.canceled',
      'invitation.accepted',
      'invitation.expired',
      'member.joined',
      'application.created',
      'application.rejected',
      'link.revoked',
    ]);
    const invite = (email: string) =>
      h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
        token: org.admin.token,
        body: { role: 'member', channel: 'email', email },
      });
    const a = await invite('a@example.com');
    const b = await invite('b@example.com');
    await invite('c@example.com');
    await h.call('DELETE', `/api/orgs/${org.orgId}/invitations/${b.body.invitation.id}`, {
      token: org.admin.token,
    });
    const [row] = await h.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.type, 'invitation.created'));
    const [inv] = await h.db
      .select({ nonce: invitations.tokenNonce })
      .from(invitations)
      .where(eq(invitations.id, a.body.invitation.id));
    const token = await h.services.tokens.derive('invitation', a.body.invitation.id, inv!.nonce);
    const accepted = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Alice Liddell', password: 'a good long password' },
    });
    expect(accepted.status).toBe(200);
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: true });
    await apply(h, link.token, { name: 'Rob Reject', email: 'rob@example.com' });
    const [app] = (
      await h.call('GET', `/api/orgs/${org.orgId}/applications`, { token: org.admin.token })
    ).body.items;
    await h.call('POST', `/api/orgs/${org.orgId}/applications/${app.id}/reject`, {
      token: org.admin.token,
      body: { reason: 'Unknown' },
    });
    await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
      token: org.admin.token,
      body: {},
    });
    h.clock.advance(24 * 30 * HOUR);
    await runMaintenance(h.services);
    await delivered();

    const events = rx.events();
    // Delivered in parallel: in no fixed order.
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'invitation.created',
        'invitation.created',
        'invitation.created',
        'invitation.canceled',
        'invitation.accepted',
        'member.joined',
        'application.created',
        'application.rejected',
        'link.revoked',
        'invitation.expired',
      ].sort(),
    );
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    const created = events.filter((e) => e.type === 'invitation.created');
    expect(
      created.find((e) => e.data.invitation.id === a.body.invitation.id)?.data.invitation,
    ).toMatchObject({ email: 'a@example.com', role: 'member' });
    expect(byType['invitation.created'].actor).toEqual({
      type: 'user',
      id: org.admin.id,
      name: 'admin',
    });
    expect(byType['invitation.canceled'].data.invitation.id).toBe(b.body.invitation.id);
    expect(byType['invitation.accepted'].data).toMatchObject({
      invitation: { id: a.body.invitation.id },
      member: { role: 'member' },
    });
    expect(byType['member.joined']).toMatchObject({
      actor: { name: 'Alice Liddell' },
      data: { member: { email: 'a@example.com', via: 'invitation' } },
    });
    expect(byType['application.created']).toMatchObject({
      actor: null,
      data: { application: { id: app.id, email: 'rob@example.com', status: 'pending' } },
    });
    expect(byType['application.rejected'].data.application.id).toBe(app.id);
    expect(byType['link.revoked'].data.link.id).toBe(link.id);
    expect(byType['invitation.expired']).toMatchObject({
      actor: null,
      data: { invitation: { email: 'c@example.com' } },
    });
    for (const e of events) expect(e.org).toEqual({ id: org.orgId, name: 'Acme' });
    for (const r of rx.received) {
      expect(tokenLike(r.body), r.body).toBe(false);
      expect(r.body).not.toContain(token);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(created.map((e) => e.id)).toContain(row!.eventId);
    // Every endpoint of one event gets the same event id (webhook-id) as every other.
    expect(rx.received.every((r) => r.headers['webhook-id'] === JSON.parse(r.body).id)).toBe(true);
  });

  it('a change of many rows reports each: reset all links, a removal revoking and canceling what the person left, a stale invitation replaced', async () => {
    await register(['link.revoked', 'invitation.canceled', 'invitation.expired']);
    const mine = [
      await createLink(h, org.orgId, org.member.token),
      await createLink(h, org.orgId, org.member.token),
    ];
    const reset = await h.call('POST', `/api/orgs/${org.orgId}/links/reset`, {
      token: org.member.token,
    });
    expect(reset.body).toEqual({ revoked: 2 });
    // An admin's link and invitation go with the admin.
    const theirs = await createLink(h, org.orgId, org.admin.token);
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { role: 'member', channel: 'email', email: 'pending@example.com' },
    });
    expect(sent.status).toBe(201);
    const removed = await h.call('DELETE', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
      token: org.owner.token,
    });
    expect(removed.status).toBe(204);
    const stale = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { role: 'member', channel: 'email', email: 'late@example.com' },
    });
    h.clock.advance(96 * HOUR);
    const fresh = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { role: 'member', channel: 'email', email: 'late@example.com' },
    });
    expect(fresh.status).toBe(201);
    await delivered();
    const seen = rx
      .events()
      .map((e) => [e.type, e.data.link?.id ?? e.data.invitation?.id, e.actor?.id ?? null])
      .sort();
    expect(seen).toEqual(
      [
        ['link.revoked', mine[0]!.id, org.member.id],
        ['link.revoked', mine[1]!.id, org.member.id],
        ['link.revoked', theirs.id, org.owner.id],
        ['invitation.canceled', sent.body.invitation.id, org.owner.id],
        ['invitation.expired', stale.body.invitation.id, null],
      ].sort(),
    );
    const expired = rx.events().find((e) => e.type === 'invitation.expired');
    expect(expired.data.invitation.expiresAt).toBe(
      new Date(h.clock.now() - 96 * HOUR + 72 * HOUR).toISOString(),
    );
    expect(new Set(rx.received.map((r) => r.headers['webhook-id'])).size).toBe(5);
  });

  it("another organization's changes reach none of these endpoints, and unsubscribed types are not sent", async () => {
    await register(['member.removed']);
    const beta = await orgWithRoles(h, 'Beta');
    await h.call('DELETE', `/api/orgs/${beta.orgId}/members/${beta.member.id}`, {
      token: beta.owner.token,
    });
    await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { role: 'member', channel: 'email', email: 'x@example.com' },
    });
    await delivered();
    expect(rx.received).toEqual([]);
    expect(await h.db.select().from(webhookDeliveries)).toEqual([]);
  });
});
