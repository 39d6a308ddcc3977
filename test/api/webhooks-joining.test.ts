/**
 * Webhook events of joining through a link (features/webhooks/events.ts): a link without approval
 * approves as the system (no actor), and the membership becomes active — `member.joined`, via the
 * link — only once the newcomer proves the address with the welcome's set-password link.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { joining, NEW_PASSWORD } from '../helpers/joining';
import { linkIn, postForm } from '../helpers/links';

let h: Harness;
let org: Org;
let rx: WebhookReceiver;
const { appliedAndApproved } = joining((s) => ({ h, org } = s));
beforeEach(async () => {
  rx = await startWebhookReceiver();
});
afterEach(() => rx.close());

describe('joining through a link', () => {
  it('approved by the system, then member.joined when the set-password link proves the address', async () => {
    const hook = await h.call('POST', `/api/orgs/${org.orgId}/webhooks`, {
      token: org.admin.token,
      body: {
        url: `${rx.url}/hook`,
        events: ['application.created', 'application.approved', 'member.joined'],
      },
    });
    expect(hook.status).toBe(201);
    const { app, link, mail } = await appliedAndApproved('ann@example.com', 'Ann Lee', {
      requiresApproval: false,
    });
    await h.settled();
    await h.services.webhooks.kick();
    expect(
      rx
        .events()
        .map((e) => e.type)
        .sort(),
    ).toEqual(['application.approved', 'application.created']);
    const approved = rx.events().find((e) => e.type === 'application.approved');
    expect(approved).toMatchObject({
      actor: null,
      data: {
        application: { id: app.id, linkId: link.id, email: 'ann@example.com', by: 'system' },
      },
    });
    const done = await postForm(h, linkIn(mail, '/set-password/'), {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.status).toBe(200);
    await h.settled();
    await h.services.webhooks.kick();
    const joined = rx.events().find((e) => e.type === 'member.joined');
    expect(joined).toMatchObject({
      actor: { type: 'user', id: approved.data.application.userId, name: 'Ann Lee' },
      data: {
        member: {
          userId: approved.data.application.userId,
          role: 'member',
          email: 'ann@example.com',
          via: 'link',
        },
      },
    });
    // One event for the one activation.
    expect(rx.events().filter((e) => e.type === 'member.joined')).toHaveLength(1);
    for (const r of rx.received) expect(r.body).not.toMatch(/set-password|token|secret/i);
  });
});
