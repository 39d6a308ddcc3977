import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { messagesTo } from '../helpers/invitations';
import { HOUR, maintain, renewalRows, sendInvitation } from '../helpers/renewals';
import { orgWithRoles, removeMember } from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness({ autoDeliver: false });
  acme = await orgWithRoles(h);
});
afterEach(() => h.close());

const reminders = async (to: string) =>
  (await messagesTo(h, to)).filter((m) => m.subject.startsWith('Reminder:'));

describe('the reminder before a personal invitation expires', () => {
  it('comes once, 24 hours before the 72-hour invitation expires, with its link', async () => {
    const inv = await sendInvitation(h, acme.orgId, acme.admin.token, 'ann@example.com');
    h.clock.advance(47 * HOUR);
    expect((await maintain(h)).reminders).toBe(0);
    expect(await reminders('ann@example.com')).toHaveLength(0);
    h.clock.advance(HOUR);
    expect((await maintain(h)).reminders).toBe(1);
    const [mail] = await reminders('ann@example.com');
    expect(mail!.subject).toBe('Reminder: your invitation to join “Acme” expires soon');
    expect(mail!.text).toContain(`/invite/${inv.linkToken}`);
    h.clock.advance(HOUR);
    expect((await maintain(h)).reminders).toBe(0);
    expect(await reminders('ann@example.com')).toHaveLength(1);
  });

  it('is not sent for an accepted or a canceled invitation', async () => {
    const canceled = await sendInvitation(h, acme.orgId, acme.admin.token, 'cat@example.com');
    await sendInvitation(h, acme.orgId, acme.admin.token, 'amy@example.com');
    const del = await h.call('DELETE', `/api/orgs/${acme.orgId}/invitations/${canceled.id}`, {
      token: acme.admin.token,
    });
    expect(del.status).toBe(204);
    const amy = await sendInvitation(h, acme.orgId, acme.admin.token, 'amy2@example.com');
    const accepted = await h.call('POST', `/api/invite/${amy.linkToken}/accept`, {
      body: { name: 'Amy Accepter', password: 'a good long password' },
    });
    expect(accepted.status).toBe(200);
    h.clock.advance(60 * HOUR);
    expect((await maintain(h)).reminders).toBe(1); // amy@example.com only
    expect(await reminders('cat@example.com')).toHaveLength(0);
    expect(await reminders('amy2@example.com')).toHaveLength(0);
    expect(await reminders('amy@example.com')).toHaveLength(1);
  });

  it('follows reminderHoursBeforeExpiry, and null turns reminders off', async () => {
    const patch = (v: number | null) =>
      h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
        token: acme.owner.token,
        body: { reminderHoursBeforeExpiry: v },
      });
    expect((await patch(6)).status).toBe(200);
    await sendInvitation(h, acme.orgId, acme.admin.token, 'six@example.com');
    h.clock.advance(65 * HOUR);
    expect((await maintain(h)).reminders).toBe(0);
    h.clock.advance(HOUR);
    expect((await maintain(h)).reminders).toBe(1);

    expect((await patch(null)).status).toBe(200);
    await sendInvitation(h, acme.orgId, acme.admin.token, 'off@example.com');
    h.clock.advance(71 * HOUR);
    expect((await maintain(h)).reminders).toBe(0);
    expect(await reminders('off@example.com')).toHaveLength(0);
  });

  it('refuses a lead outside 1…720 hours or not a whole number (422), changing nothing', async () => {
    for (const bad of [0, 721, 1.5, '24', -1]) {
      const res = await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
        token: acme.owner.token,
        body: { reminderHoursBeforeExpiry: bad },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toHaveProperty('reminderHoursBeforeExpiry');
    }
    const org = await h.call('GET', `/api/orgs/${acme.orgId}`, { token: acme.owner.token });
    expect(org.body.settings.reminderHoursBeforeExpiry).toBe(24);
  });

  it('is not sent when the invitation lives no longer than the lead', async () => {
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { inviteTtlHours: 24 },
    });
    await sendInvitation(h, acme.orgId, acme.admin.token, 'short@example.com');
    h.clock.advance(23 * HOUR);
    expect((await maintain(h)).reminders).toBe(0);
  });
});

describe('the notice to the inviter when an invitation expired unaccepted', () => {
  it('is one mail and one pending renewal per invitation, however often maintenance runs', async () => {
    const inv = await sendInvitation(h, acme.orgId, acme.admin.token, 'late@example.com');
    h.clock.advance(72 * HOUR);
    const first = await maintain(h);
    expect(first).toMatchObject({ expiredInvitations: 1, expiryNotices: 1 });
    h.clock.advance(HOUR);
    expect((await maintain(h)).expiryNotices).toBe(0);
    const notices = (await messagesTo(h, acme.admin.email)).filter((m) =>
      m.subject.includes('expired'),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe('Your invitation to late@example.com expired');
    const rows = await renewalRows(h, acme.orgId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'expired',
      invitationId: inv.id,
      ownerId: acme.admin.id,
      email: 'late@example.com',
      status: 'pending',
    });
  });

  it('is not written for an invitation that was accepted or canceled', async () => {
    const inv = await sendInvitation(h, acme.orgId, acme.admin.token, 'gone@example.com');
    await h.call('DELETE', `/api/orgs/${acme.orgId}/invitations/${inv.id}`, {
      token: acme.admin.token,
    });
    h.clock.advance(80 * HOUR);
    expect((await maintain(h)).expiryNotices).toBe(0);
    expect(await renewalRows(h, acme.orgId)).toHaveLength(0);
  });

  it('speaks the organization’s language', async () => {
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { language: 'ja' },
    });
    await sendInvitation(h, acme.orgId, acme.admin.token, 'jp@example.com');
    h.clock.advance(48 * HOUR);
    await maintain(h);
    const [mail] = (await messagesTo(h, 'jp@example.com')).slice(-1);
    expect(mail!.subject).toBe('リマインダー：「Acme」への招待の有効期限が近づいています');
  });
});

it('no reminder and no notice once the inviter has left the organization', async () => {
  await sendInvitation(h, acme.orgId, acme.admin.token, 'orphan@example.com');
  await removeMember(h, acme.orgId, acme.admin.id);
  h.clock.advance(60 * HOUR);
  expect((await maintain(h)).reminders).toBe(0);
  h.clock.advance(20 * HOUR);
  expect((await maintain(h)).expiryNotices).toBe(0);
  expect(await renewalRows(h, acme.orgId)).toHaveLength(0);
});
