/**
 * Managing the organization from the dashboard, in real Chromium against the real local server:
 * edit a member's department and role in a dialog (per-field errors, keyboard), export every user
 * as a CSV file, and the Links section, where a leaked link is revoked and everyone who joined
 * through it removed. The Links screenshot goes to docs/screenshots/dashboard-links.png (refresh
 * with UPDATE_SCREENSHOTS=1). The settings show the message quota, and take the organization's
 * language and time zone.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  launchExtensionBrowser,
  shot,
  signIn,
  type ExtensionBrowser,
} from '../helpers/extension-browser';

interface Member {
  userId: string;
  email: string | null;
  role: string;
  departmentId: string | null;
}
interface Link {
  id: string;
  url: string;
  status: string;
}

let browser: ExtensionBrowser;
let api: Awaited<ReturnType<typeof apiAs>>;
let dashboard: Page;
let support: { id: string };
let ann: Member;
let leaked: Link;

const join = (link: Link, name: string, email: string) =>
  fetch(`${browser.server.url}/api/join/${link.url.split('/join/')[1]}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, email }),
  });

async function findMember(email: string): Promise<Member | undefined> {
  const page = await api.call<{ items: Member[] }>(
    'GET',
    `/api/orgs/:org/members?q=${encodeURIComponent(email)}`,
  );
  return page.body.items.find((m) => m.email === email);
}

beforeAll(async () => {
  browser = await launchExtensionBrowser();
  api = await apiAs(browser.server.url);
  support = (
    await api.call<{ id: string }>('POST', '/api/orgs/:org/departments', { name: 'Support' })
  ).body;
  ann = (
    await api.call<Member>('POST', '/api/orgs/:org/members', {
      firstName: 'Ann',
      lastName: 'Archer',
      email: 'ann@example.com',
    })
  ).body;

  // A link with approval off that leaked: two people joined through it at once.
  leaked = (
    await api.call<Link>('POST', '/api/orgs/:org/links', {
      expiresInHours: 24,
      requiresApproval: false,
    })
  ).body;
  for (const [name, email] of [
    ['Leo Leak', 'leo@example.com'],
    ['Lia Leak', 'lia@example.com'],
  ]) {
    expect((await join(leaked, name!, email!)).status).toBe(201);
  }
  // Others for the list: one with an application waiting, one used up, one revoked.
  const waiting = (
    await api.call<Link>('POST', '/api/orgs/:org/links', {
      expiresInHours: 168,
      maxUses: 10,
      departmentId: support.id,
    })
  ).body;
  expect((await join(waiting, 'Pat Pending', 'pat@example.com')).status).toBe(201);
  const single = (
    await api.call<Link>('POST', '/api/orgs/:org/links', {
      expiresInHours: 24,
      maxUses: 1,
      role: 'admin',
    })
  ).body;
  expect((await join(single, 'Sam Single', 'sam@example.com')).status).toBe(201);
  const old = (await api.call<Link>('POST', '/api/orgs/:org/links', { expiresInHours: 1 })).body;
  await api.call('DELETE', `/api/orgs/:org/links/${old.id}`);

  dashboard = await browser.open('dashboard.html#users');
  await signIn(dashboard, browser.server.url);
  await dashboard.getByRole('navigation', { name: 'Dashboard sections' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('managing users and links in the dashboard', () => {
  it('edits a member’s department and role in a dialog, with per-field errors and the keyboard', async () => {
    const table = dashboard.getByRole('table', { name: 'Users' });
    await expect.poll(() => table.textContent()).toContain('ann@example.com');
    const edit = dashboard.getByRole('button', { name: 'Edit Ann Archer' });

    // Escape closes the dialog and gives focus back to the button that opened it.
    await edit.click();
    const dialog = dashboard.getByRole('dialog', { name: 'Edit Ann Archer' });
    await dialog.waitFor();
    expect(
      await dialog.getByLabel('First name').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await dashboard.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await edit.evaluate((el) => el === document.activeElement)).toBe(true);

    // Opened from the keyboard; a bad phone number is named beside its field and nothing is sent.
    await dashboard.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByLabel('Phone (with country code)').fill('call me');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    const phone = dialog.getByLabel('Phone (with country code)');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#edit-phone-error').textContent()).toMatch(/country code/);
    await phone.fill('');

    await dialog.getByLabel('Department').selectOption({ label: 'Support' });
    await dialog.getByLabel('Role').selectOption({ label: 'Admin' });
    await dialog.getByLabel('Position').fill('Team lead');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = table.getByRole('row').filter({ hasText: 'ann@example.com' });
    await expect.poll(() => row.textContent()).toContain('Team lead · Support');
    expect(await row.textContent()).toContain('Admin');
    expect(await findMember('ann@example.com')).toMatchObject({
      userId: ann.userId,
      role: 'admin',
      departmentId: support.id,
    });
  });

  it('exports every user as a CSV file with the header row', async () => {
    const [download] = await Promise.all([
      dashboard.waitForEvent('download'),
      dashboard.getByRole('button', { name: 'Export users (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^users-acme-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(header).toBe(
      'firstName,lastName,gender,birthday,email,phone,position,role,department,status,invitationState,invitationError,registeredAt,lastActiveAt',
    );
    expect(rows.find((r) => r.includes('ann@example.com'))).toMatch(
      /^Ann,Archer,.*Team lead,admin,Support,/,
    );
    expect(rows.some((r) => r.includes('leo@example.com'))).toBe(true);
    await dashboard.getByRole('status').filter({ hasText: 'Saved users-acme-' }).waitFor();
  });

  it('lists every link with status, uses, expiry and creator, and filters to active ones', async () => {
    await dashboard.getByRole('link', { name: 'Links' }).click();
    const table = dashboard.getByRole('table', { name: 'Links' });
    await expect.poll(() => table.getByRole('row').count()).toBe(5);
    const text = await table.textContent();
    for (const words of [
      'Revoked',
      'Exhausted',
      '2 uses',
      '1 of 10 uses',
      'Member, approval, Support',
      'Admin, approval',
      'Owner',
    ]) {
      expect(text).toContain(words);
    }
    await shot(dashboard, 'dashboard-links');
    await dashboard.getByLabel('Only active links').check();
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    await dashboard.getByLabel('Only active links').uncheck();
    await expect.poll(() => table.getByRole('row').count()).toBe(5);
  });

  it('revokes a leaked link and removes everyone who joined through it, after a confirmation naming how many', async () => {
    const row = dashboard
      .getByRole('table', { name: 'Links' })
      .getByRole('row')
      .filter({ hasText: leaked.url });
    await row.getByRole('button', { name: /^Details/ }).click();
    const dialog = dashboard.getByRole('dialog', { name: 'Link by Owner' });
    const joined = dialog.getByRole('table', { name: 'Joined through this link' });
    await expect.poll(() => joined.textContent()).toContain('leo@example.com');
    expect(await joined.textContent()).toContain('lia@example.com');
    expect(
      await dialog.getByRole('table', { name: 'Applications through this link' }).textContent(),
    ).toContain('Automatic');

    await dialog.getByRole('button', { name: 'Revoke and remove everyone who joined' }).click();
    const confirm = dialog.getByRole('alertdialog');
    expect(await confirm.textContent()).toContain(
      'Revoke this link and remove 2 people who joined through it?',
    );
    // The answer has the focus, so the keyboard confirms.
    const yes = confirm.getByRole('button', { name: 'Yes, remove 2 people' });
    expect(await yes.evaluate((el) => el === document.activeElement)).toBe(true);
    await dashboard.keyboard.press('Enter');
    await dialog
      .getByRole('status')
      .filter({ hasText: 'Link revoked; 2 people removed from the organization.' })
      .waitFor();
    await dialog.getByText('Nobody has joined through this link.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.textContent()).toContain('Revoked');

    expect(await findMember('leo@example.com')).toBeUndefined();
    expect(await findMember('lia@example.com')).toBeUndefined();
    expect(await findMember('ann@example.com')).toBeDefined();
    expect((await join(leaked, 'Leo Again', 'leo2@example.com')).status).toBe(410);
  });

  it('shows the message quota the operator set, with what was sent, in the settings', async () => {
    await dashboard.getByRole('link', { name: 'Settings' }).click();
    const quota = dashboard.getByTestId('quota');
    await quota.waitFor();
    // Two welcomes went out through the leaked link above; the quota is the server's default.
    expect(await quota.textContent()).toMatch(
      /^Messages: \d+ of 250 this hour, \d+ of 1000 today\. The server's operator sets this quota\.$/,
    );
  });

  it('sets the language and time zone of the organization, refusing a zone that is none', async () => {
    const settings = async () =>
      (
        await api.call<{ settings: { language: string; timeZone: string } }>(
          'GET',
          '/api/orgs/:org',
        )
      ).body.settings;
    const zone = dashboard.getByLabel('Time zone of dates in messages');
    const save = dashboard.getByRole('button', { name: 'Save settings' });
    // The browser's own zones are offered as one types.
    expect(await dashboard.locator('#time-zones option[value="Europe/Moscow"]').count()).toBe(1);
    await zone.fill('Mars/Olympus_Mons');
    await save.click();
    await dashboard.getByText('Choose a time zone from the list').waitFor();
    expect(await settings()).toMatchObject({ language: 'en', timeZone: 'UTC' });

    await dashboard.getByLabel('Language of hosted pages and messages').selectOption('Русский');
    await zone.fill('Europe/Moscow');
    await save.click();
    await dashboard.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect(await settings()).toMatchObject({ language: 'ru', timeZone: 'Europe/Moscow' });
  });
});
