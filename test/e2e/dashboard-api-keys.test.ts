/**
 * API keys in the dashboard, in real Chromium against the real local server: an owner creates a
 * key (name, role, expiry), sees it once with Copy, a server calls the API with it, the audit log
 * names the key, and revoking it in the list refuses the key's next request.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  launchExtensionBrowser,
  signIn,
  type ExtensionBrowser,
} from '../helpers/extension-browser';

let browser: ExtensionBrowser;
let api: Awaited<ReturnType<typeof apiAs>>;
let dashboard: Page;
let key: string;

const withKey = (method: string, path: string, body?: unknown) =>
  fetch(`${browser.server.url}${path.replace(':org', api.orgId)}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  browser = await launchExtensionBrowser();
  api = await apiAs(browser.server.url);
  dashboard = await browser.open('dashboard.html#apiKeys');
  await signIn(dashboard, browser.server.url);
  await dashboard.getByRole('navigation', { name: 'Dashboard sections' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('API keys in the dashboard', () => {
  it('creates a key and shows it once, with Copy; the key works on the API', async () => {
    await dashboard.getByRole('heading', { name: 'API keys' }).waitFor();
    await dashboard.getByText('No API keys yet.').waitFor();
    await dashboard.getByLabel('Name').fill('HR system');
    await dashboard.getByLabel('Role').selectOption({ label: 'Admin' });
    await dashboard.getByLabel('Expires after').selectOption({ label: '30 days' });
    await dashboard.getByRole('button', { name: 'Create key' }).click();
    const shown = dashboard.getByLabel('New API key');
    await shown.waitFor();
    key = await shown.inputValue();
    expect(key).toMatch(/^inv_key_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    await dashboard.getByRole('button', { name: 'Copy key' }).waitFor();
    await dashboard.getByRole('status').filter({ hasText: 'shown only this once' }).waitFor();

    const table = dashboard.getByRole('table', { name: 'API keys' });
    const row = table.getByRole('row').filter({ hasText: 'HR system' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Admin');
    expect(text).toContain('Never used');
    expect(text).toContain(key.slice(-4));
    expect(text).not.toContain(key.slice(key.indexOf('.') + 1));

    expect((await withKey('GET', '/api/orgs/:org/members')).status).toBe(200);
    expect(
      (await withKey('POST', '/api/orgs/:org/workspaces', { name: 'Synced by HR' })).status,
    ).toBe(201);
  });

  it('shows the key in the audit log as the one who acted', async () => {
    await dashboard.getByRole('link', { name: 'Audit log' }).click();
    const table = dashboard.getByRole('table', { name: 'Audit log' });
    const row = table.getByRole('row').filter({ hasText: 'Workspace create' });
    await expect.poll(() => row.textContent()).toContain('API key “HR system”');
  });

  it('revokes the key after a confirmation; its next request is refused', async () => {
    await dashboard.getByRole('link', { name: 'API keys' }).click();
    dashboard.once('dialog', (d) => void d.accept());
    await dashboard.getByRole('button', { name: 'Revoke the key HR system' }).click();
    const row = dashboard
      .getByRole('table', { name: 'API keys' })
      .getByRole('row')
      .filter({ hasText: 'HR system' });
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect((await withKey('GET', '/api/orgs/:org/members')).status).toBe(401);
  });
});
