/**
 * The languages of renewals' messages: the reminder speaks the invitation's own language, the
 * expiry notice its inviter's (their membership's), each else the organization's; "invite again"
 * gives the new invitation the renewal's language.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invitations, memberships } from '../../worker/src/db/schema';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { messagesTo } from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { HOUR, maintain, renewalRows } from '../helpers/renewals';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness({ autoDeliver: false });
  acme = await orgWithRoles(h);
});
afterEach(() => h.close());

/** An e-mail invitation from the admin in `locale`; its id. */
async function invite(email: string, locale?: string): Promise<string> {
  const res = await h.call('POST', `/api/orgs/${acme.orgId}/invitations`, {
    token: acme.admin.token,
    body: { email, role: 'member', ...(locale ? { locale } : {}) },
  });
  expect(res.status).toBe(201);
  return res.body.invitation.id as string;
}

const last = async (to: string) => (await messagesTo(h, to)).at(-1);

describe('the reminder', () => {
  it('speaks the invitation’s language over the organization’s', async () => {
    await invite('ja@example.com', 'ja');
    await invite('plain@example.com');
    h.clock.advance(48 * HOUR);
    expect((await maintain(h)).reminders).toBe(2);
    expect((await last('ja@example.com'))!.subject).toBe(
      'リマインダー：「Acme」への招待の有効期限が近づいています',
    );
    expect((await last('plain@example.com'))!.subject).toBe(
      'Reminder: your invitation to join “Acme” expires soon',
    );
  });

  it('an invitation without a language takes the organization’s; one with its own keeps it', async () => {
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { language: 'ru' },
    });
    await invite('ru@example.com');
    await invite('zh@example.com', 'zh-CN');
    h.clock.advance(48 * HOUR);
    await maintain(h);
    expect((await last('ru@example.com'))!.subject).toBe(
      'Напоминание: приглашение в «Acme» скоро истечёт',
    );
    expect((await last('zh@example.com'))!.subject).toBe('提醒：您加入“Acme”的邀请即将过期');
  });
});

describe('the expiry notice to the inviter', () => {
  it('speaks the inviter’s language when the organization knows it, else the organization’s', async () => {
    await invite('gone@example.com', 'ja');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    expect((await last(acme.admin.email))!.subject).toBe(
      'Your invitation to gone@example.com expired',
    );
    await h.db
      .update(memberships)
      .set({ locale: 'ru' })
      .where(and(eq(memberships.orgId, acme.orgId), eq(memberships.userId, acme.admin.id)));
    await invite('gone2@example.com', 'ja');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    expect((await last(acme.admin.email))!.subject).toBe(
      'Ваше приглашение для gone2@example.com истекло',
    );
  });
});

describe('invite again', () => {
  it('gives the new invitation the language the person asked in', async () => {
    const id = await invite('asker@example.com');
    const [row] = await h.db.select().from(invitations).where(eq(invitations.id, id));
    expect(row!.locale).toBeNull();
    await h.services.outbox.kick();
    const token = /\/invite\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(
      (await last('asker@example.com'))!.text,
    )![1]!;
    h.clock.advance(73 * HOUR);
    const asked = await postForm(
      h,
      `/renew/invite/${token}`,
      { name: 'Aki Asker', email: 'asker@example.com', lang: 'ja' },
      { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
    );
    expect(asked.status).toBe(200);
    const [renewal] = (await renewalRows(h, acme.orgId)).filter((r) => r.kind === 'asked');
    expect(renewal!.locale).toBe('ja');
    const res = await h.call('POST', `/api/orgs/${acme.orgId}/renewals/${renewal!.id}/invite`, {
      token: acme.admin.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.invitation.locale).toBe('ja');
    await h.services.outbox.kick();
    expect((await last('asker@example.com'))!.subject).toMatch(/「Acme」/);
  });

  it('an expiry notice keeps the expired invitation’s language for the new one', async () => {
    await invite('keep@example.com', 'ru');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    const [renewal] = await renewalRows(h, acme.orgId);
    expect(renewal).toMatchObject({ kind: 'expired', locale: 'ru' });
    const res = await h.call('POST', `/api/orgs/${acme.orgId}/renewals/${renewal!.id}/invite`, {
      token: acme.admin.token,
    });
    expect(res.body.invitation.locale).toBe('ru');
  });
});
