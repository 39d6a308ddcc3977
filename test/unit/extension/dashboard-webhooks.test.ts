/**
 * The dashboard's webhooks (extension/lib/dashboard/webhooks.ts) against the fake server: the
 * signing secret is kept only to be shown once, never in the list; a new secret replaces it; a test
 * event's outcome and an endpoint's deliveries are kept for the page; an error is shown, not thrown.
 */
import { describe, expect, it } from 'vitest';
import { callAdmin } from '../../../extension/lib/dashboard/admin';
import { createWebhooks } from '../../../extension/lib/dashboard/webhooks';
import type { WebhookEndpointDto } from '../../../shared/api/webhooks';
import { apiError, json } from './fake-api';
import { useSignedInApp } from './signed-in';

const ctx = useSignedInApp();

const endpoint = (id: string, over: Partial<WebhookEndpointDto> = {}): WebhookEndpointDto => ({
  id,
  url: `https://hooks.example.com/${id}`,
  description: null,
  events: ['member.joined'],
  enabled: true,
  disabledReason: null,
  failingSince: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

async function state() {
  const app = await ctx.signedIn();
  return createWebhooks({
    list: () => callAdmin(app, (api, org) => api.webhooks.list(org)),
    create: (body) => callAdmin(app, (api, org) => api.webhooks.create(org, body)),
    setEnabled: (id, enabled) =>
      callAdmin(app, (api, org) => api.webhooks.patch(org, id, { enabled })),
    rotate: (id) => callAdmin(app, (api, org) => api.webhooks.rotateSecret(org, id)),
    test: (id) => callAdmin(app, (api, org) => api.webhooks.test(org, id)),
    deliveries: (id) => callAdmin(app, (api, org) => api.webhooks.deliveries(org, id)),
    remove: (id) => callAdmin(app, (api, org) => api.webhooks.remove(org, id)),
  });
}

describe('dashboard webhooks', () => {
  it('shows a new secret once, beside the list, and replaces it on rotation', async () => {
    const s = await state();
    ctx.api.on('GET /api/orgs/org-1/webhooks', { items: [] });
    await s.load();
    ctx.api.on('POST /api/orgs/org-1/webhooks', (r) => {
      expect(r.body).toEqual({
        url: 'https://hooks.example.com/a',
        events: ['member.joined'],
        description: null,
      });
      return json({ ...endpoint('a'), secret: 'whsec_first' }, 201);
    });
    expect(
      await s.create({
        url: 'https://hooks.example.com/a',
        events: ['member.joined'],
        description: null,
      }),
    ).toBe(true);
    expect(s.secret.value).toEqual({ id: 'a', secret: 'whsec_first' });
    expect(JSON.stringify(s.items.value)).not.toContain('whsec_');
    s.dismissSecret();
    expect(s.secret.value).toBeNull();
    ctx.api.on('POST /api/orgs/org-1/webhooks/a/rotate-secret', {
      ...endpoint('a'),
      secret: 'whsec_second',
    });
    await s.rotate('a');
    expect(s.secret.value).toEqual({ id: 'a', secret: 'whsec_second' });
  });

  it('turns an endpoint off, sends a test event, reads its deliveries and deletes it', async () => {
    const s = await state();
    ctx.api.on('GET /api/orgs/org-1/webhooks', { items: [endpoint('a')] });
    await s.load();
    ctx.api.on('PATCH /api/orgs/org-1/webhooks/a', endpoint('a', { enabled: false }));
    await s.setEnabled('a', false);
    expect(s.items.value?.[0]?.enabled).toBe(false);
    const attempt = {
      id: 'x',
      eventId: 'evt_1',
      type: 'webhook.test',
      attempt: 1,
      at: '2026-01-01T00:00:00.000Z',
      ok: false,
      statusCode: 500,
      durationMs: 12,
      error: 'HTTP 500',
    };
    ctx.api.on('POST /api/orgs/org-1/webhooks/a/test', { eventId: 'evt_1', attempt });
    await s.test('a');
    expect(s.tested.value).toEqual({ id: 'a', result: { eventId: 'evt_1', attempt } });
    ctx.api.on('GET /api/orgs/org-1/webhooks/a/deliveries', { items: [attempt] });
    await s.showLog('a');
    expect(s.log.value).toEqual({ id: 'a', items: [attempt] });
    ctx.api.on('DELETE /api/orgs/org-1/webhooks/a', new Response(null, { status: 204 }));
    await s.remove('a');
    expect(s.items.value).toEqual([]);
    expect(s.log.value).toBeNull();
  });

  it('keeps the error of a refused call for the page', async () => {
    const s = await state();
    ctx.api.on(
      'POST /api/orgs/org-1/webhooks',
      apiError(422, 'invalid_input', 'Invalid input', { url: 'Use an https URL' }),
    );
    expect(await s.create({ url: 'http://x.example', events: ['member.joined'] })).toBe(false);
    expect(s.error.value).toBeTruthy();
    expect(s.secret.value).toBeNull();
  });
});
