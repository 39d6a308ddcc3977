/**
 * People in the dashboard of the built extension (.output/chrome-mv3), in real Chromium against the
 * real local server: import users from a CSV file with a progress bar and a per-row error report,
 * send them invitations by e-mail with per-user errors, and send a personal invitation that the
 * popup then resends. Screenshots of the dashboard go to docs/screenshots/ (refresh them with
 * UPDATE_SCREENSHOTS=1).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  launchExtensionBrowser,
  shot,
  signIn,
  type ExtensionBrowser,
} from '../helpers/extension-browser';
import { openPopup, popupPage } from '../helpers/popup';

let browser: ExtensionBrowser;
let popup: Page;
let extensionId: string;
const WEBHOOK_KEY = randomBytes(24);

/**
 * A bounce reported for the latest message to `to`, as Resend reports it: signed the Svix way with
 * the server's RESEND_WEBHOOK_SECRET; the local mailbox's `providerId` stands for Resend's id.
 */
async function reportBounce(to: string, message: string) {
  let providerId: string | undefined;
  await expect
    .poll(async () => {
      const res = await fetch(`${browser.server.url}/dev/mail.json`);
      const { items } = (await res.json()) as { items: { to: string; providerId: string }[] };
      providerId = items.find((m) => m.to === to)?.providerId;
      return providerId;
    })
    .toBeTruthy();
  const body = JSON.stringify({
    type: 'email.bounced',
    created_at: new Date().toISOString(),
    data: {
      email_id: providerId,
      to: [to],
      bounce: { message, type: 'Permanent', subType: 'General' },
    },
  });
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const ts = Math.floor(Date.now() / 1000);
  const mac = createHmac('sha256', WEBHOOK_KEY).update(`${id}.${ts}.${body}`).digest('base64');
  const res = await fetch(`${browser.server.url}/webhooks/resend`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(ts),
      'svix-signature': `v1,${mac}`,
    },
    body,
  });
  expect(await res.json()).toEqual({ ok: true, recorded: true });
}

beforeAll(async () => {
  browser = await launchExtensionBrowser({
    env: { RESEND_WEBHOOK_SECRET: `whsec_${WEBHOOK_KEY.toString('base64')}` },
  });
  extensionId = browser.extensionId;
  // Someone who joined through a link and was approved, as in test/e2e/extension.test.ts, so the
  // users' screenshot shows one.
  const api = await apiAs(browser.server.url);
  const link = (
    await api.call<{ url: string }>('POST', '/api/orgs/:org/links', {
      expiresInHours: 24,
      maxUses: 5,
    })
  ).body;
  const applied = await fetch(`${browser.server.url}/api/join/${link.url.split('/join/')[1]}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Ivy Newcomer', email: 'ivy@example.com' }),
  });
  expect(applied.status).toBe(201);
  const waiting = await api.call<{ items: { id: string }[] }>('GET', '/api/orgs/:org/applications');
  const approved = await api.call(
    'POST',
    `/api/orgs/:org/applications/${waiting.body.items[0]!.id}/approve`,
  );
  expect(approved.status).toBe(200);

  const dashboard = await browser.open('dashboard.html#users');
  await signIn(dashboard, browser.server.url);
  await dashboard.getByRole('navigation', { name: 'Dashboard sections' }).waitFor();
  await dashboard.close();
  popup = await popupPage(browser.context);
}, 120_000);

afterAll(() => browser?.close());

describe('people in the dashboard', () => {
  it('imports users from a CSV file with a progress bar and a per-row error report', async () => {
    const dashboard = await browser.open('dashboard.html#import');
    const csv = [
      'firstName,lastName,email,phone',
      'Ann,Archer,ann@example.com,',
      'Ben,Baker,ben@example.com,',
      'Cy,Cole,,+79051111111',
      'Dee,,not-an-address,',
    ].join('\n');
    await dashboard
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dashboard.getByLabel('Send invitations to the imported users right away').uncheck();
    await dashboard.getByRole('button', { name: 'Import users' }).click();
    const report = dashboard.getByRole('region', { name: 'Import report' });
    await expect.poll(() => report.textContent()).toContain('3 users created');
    expect(
      await dashboard.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value'),
    ).toBe('4');
    const rows = dashboard.getByRole('table', { name: 'Rows with errors' });
    expect(await rows.getByRole('cell').first().textContent()).toBe('5');
    await shot(dashboard, 'dashboard-import');
    await dashboard.close();
  });

  it('selects users and sends invitations by e-mail, showing per-user errors', async () => {
    const dashboard = await browser.open('dashboard.html#users');
    await dashboard.getByRole('combobox', { name: /^Invitation/ }).selectOption('not_invited');
    const table = dashboard.getByRole('table', { name: 'Users' });
    await expect.poll(() => table.textContent()).toContain('ann@example.com');
    for (const name of ['Ann Archer', 'Ben Baker', 'Cy Cole'])
      await dashboard.getByLabel(`Select ${name}`).check();
    // The messages go out in Russian, whatever the organization's language.
    await dashboard.getByLabel('Language of the message').selectOption('Русский');
    const sent = dashboard.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/members/invite'),
    );
    await dashboard.getByRole('button', { name: 'Send invitation' }).click();
    expect((await sent).postDataJSON()).toMatchObject({ channel: 'email', locale: 'ru' });
    await expect
      .poll(() => dashboard.getByRole('status').filter({ hasText: 'queued' }).textContent())
      .toContain('2 invitations queued');
    // Cy has only a phone number: no e-mail invitation, and the reason stays beside the row.
    const cy = table.getByRole('row').filter({ hasText: 'Cy Cole' });
    await expect.poll(() => cy.getByRole('note').textContent()).toMatch(/[A-Z].+/);
    await shot(dashboard, 'dashboard-users-errors');
    await dashboard.getByRole('combobox', { name: /^Invitation/ }).selectOption('');
    await expect.poll(() => table.textContent()).toMatch(/Queued|Invited/);
    await shot(dashboard, 'dashboard-users');
    await dashboard.close();
  });

  it('sends a personal invitation from the dashboard; the popup resends it', async () => {
    const dashboard = await browser.open('dashboard.html#invitations');
    const sentLocales: unknown[] = [];
    dashboard.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/invitations'))
        sentLocales.push((request.postDataJSON() as { locale?: string }).locale);
    });
    await dashboard.getByLabel('E-mail', { exact: true }).fill('zoe@example.com');
    await dashboard.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await dashboard.getByText('Invitation sent to zoe@example.com.').waitFor();
    // The message's language defaults to the organization's: no `locale` is sent.
    expect(sentLocales).toEqual([undefined]);
    await dashboard.getByLabel('E-mail', { exact: true }).fill('yuki@example.com');
    await dashboard.getByLabel('Language of the message').selectOption('日本語');
    await dashboard.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await dashboard.getByText('Invitation sent to yuki@example.com.').waitFor();
    expect(sentLocales).toEqual([undefined, 'ja']);
    await expect
      .poll(() => dashboard.getByRole('table', { name: 'Invitations' }).textContent())
      .toContain('zoe@example.com');
    await shot(dashboard, 'dashboard-invitations');
    // Zoe's mailbox does not exist: Resend reports the bounce, and the list shows it with its reason.
    await reportBounce('zoe@example.com', 'The recipient mailbox does not exist');
    await dashboard.reload();
    const zoe = dashboard
      .getByRole('table', { name: 'Invitations' })
      .getByRole('row')
      .filter({ hasText: 'zoe@example.com' });
    await expect
      .poll(() => zoe.getByRole('note').textContent())
      .toMatch(/^Bounced .+: The recipient mailbox does not exist$/);
    // The delivery filter keeps only the invitations whose message did not arrive.
    await dashboard.getByRole('combobox', { name: 'Delivery' }).selectOption('problem');
    const invitations = dashboard.getByRole('table', { name: 'Invitations' });
    await expect.poll(() => invitations.textContent()).not.toContain('yuki@example.com');
    expect(await invitations.textContent()).toContain('zoe@example.com');
    await dashboard.close();

    await openPopup(popup, extensionId);
    await popup.getByRole('tab', { name: 'Review' }).click();
    const item = popup.getByRole('listitem').filter({ hasText: 'zoe@example.com' });
    await expect.poll(() => item.textContent()).toContain(': The recipient mailbox does not exist');
    await item.getByRole('button', { name: 'Resend' }).click();
    await expect.poll(() => item.textContent()).toContain('resent 1×');
  });
});
