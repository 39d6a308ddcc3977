/**
 * What an API key does reaches webhooks named as the key, as the audit log names it
 * (features/webhooks/events.ts): `actor` is `{type: 'api_key', id, name}` with the person it acts
 * for as `onBehalfOf`, never the person alone. The same change made by the person names the person.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';
import { createApiKey, type CreatedKey } from '../helpers/api-keys';
import { startHarness, type Harness } from '../helpers/harness';
import { apply, createLink } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let rx: WebhookReceiver;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
let key: CreatedKey;

beforeEach(async () => {
  h = await startHarness();
  rx = await startWebhookReceiver();
  org = await orgWithRoles(h);
  key = await createApiKey(h, org.orgId, org.admin.token, { name: 'HR sync', role: 'admin' });
  const hook = await h.call('POST', `/api/orgs/${org.orgId}/webhooks`, {
    token: org.owner.token,
    body: {
      url: `${rx.url}/hook`,
      events: [
        'invitation.created',
        'invitation.canceled',
        'application.approved',
        'application.rejected',
        'link.revoked',
      ],
    },
  });
  expect(hook.status).toBe(201);
});
afterEach(async () => {
  await h.close();
  await rx.close();
});

const asKey = () => ({
  type: 'api_key',
  id: key.id,
  name: 'HR sync',
  onBehalfOf: { type: 'user', id: org.admin.id, name: 'admin' },
});

async function eventsOf(type: string) {
  await h.settled();
  await h.services.webhooks.kick();
  return rx.events().filter((e) => e.type === type);
}

describe('webhook events of what an API key did', () => {
  it('name the key, and its creator as onBehalfOf, for invitations, reviews and links', async () => {
    const made = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: key.key,
      body: { role: 'member', channel: 'email', email: 'zed@example.com' },
    });
    expect(made.status).toBe(201);
    const canceled = await h.call(
      'DELETE',
      `/api/orgs/${org.orgId}/invitations/${made.body.invitation.id}`,
      { token: key.key },
    );
    expect(canceled.status).toBeLessThan(300);

    const link = await createLink(h, org.orgId, key.key, { requiresApproval: true });
    for (const [name, email] of [
      ['Ann Lee', 'ann@example.com'],
      ['Bo Park', 'bo@example.com'],
    ] as const)
      expect((await apply(h, link.token, { name, email })).status).toBe(201);
    const apps = (await h.call('GET', `/api/orgs/${org.orgId}/applications`, { token: key.key }))
      .body.items as { id: string; email: string }[];
    const ann = apps.find((a) => a.email === 'ann@example.com')!;
    const bo = apps.find((a) => a.email === 'bo@example.com')!;
    const base = `/api/orgs/${org.orgId}/applications`;
    expect((await h.call('POST', `${base}/${ann.id}/approve`, { token: key.key })).status).toBe(
      200,
    );
    expect(
      (
        await h.call('POST', `${base}/${bo.id}/reject`, {
          token: key.key,
          body: { reason: 'Not now' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, { token: key.key }))
        .status,
    ).toBeLessThan(300);

    for (const type of [
      'invitation.created',
      'invitation.canceled',
      'application.approved',
      'application.rejected',
      'link.revoked',
    ]) {
      const got = await eventsOf(type);
      expect(got, type).toHaveLength(1);
      expect(got[0]!.actor, type).toEqual(asKey());
    }
  });

  it('name the person when the person does the same', async () => {
    const made = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { role: 'member', channel: 'email', email: 'zed@example.com' },
    });
    expect(made.status).toBe(201);
    const [event] = await eventsOf('invitation.created');
    expect(event!.actor).toEqual({ type: 'user', id: org.admin.id, name: 'admin' });
  });
});
