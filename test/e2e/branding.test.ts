/**
 * An organization's branding in real Chromium against the real local server: an owner sets the
 * accent colour and uploads a logo in the dashboard's settings (the preview loads the logo from the
 * server, across origins), and the join page then shows that logo and fills its button with the
 * accent, its text black since white on yellow would not be readable (shared/brand-colors.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  launchExtensionBrowser,
  signIn,
  type ExtensionBrowser,
} from '../helpers/extension-browser';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let browser: ExtensionBrowser;
let api: Awaited<ReturnType<typeof apiAs>>;
let dashboard: Page;

beforeAll(async () => {
  browser = await launchExtensionBrowser();
  api = await apiAs(browser.server.url);
  dashboard = await browser.open('dashboard.html#settings');
  await signIn(dashboard, browser.server.url);
});

afterAll(async () => {
  await browser?.close();
});

/** Whether an image element finished loading a real image. */
const loaded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluate(
      (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
    );

describe('branding in Chromium', () => {
  it('sets the accent and uploads a logo in the dashboard, with a preview', async () => {
    await dashboard.getByRole('link', { name: 'Settings' }).click();
    const branding = dashboard.getByTestId('branding');
    await branding.waitFor();
    await branding.getByLabel('Accent colour as #rrggbb').fill('#ffcc00');
    await branding
      .getByLabel(/Or upload a logo/)
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await branding.getByText('Logo uploaded.').waitFor();
    await dashboard.waitForFunction(() => {
      const img = document.querySelector('[data-testid="branding-preview"] img');
      return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
    });
    expect(await loaded(dashboard, '[data-testid="branding-preview"] img')).toBe(true);
    await dashboard.getByRole('button', { name: 'Save settings' }).click();
    await dashboard.getByText('Settings saved.').waitFor();

    const org = await api.call<{ settings: { accentColor: string }; uploadedLogoUrl: string }>(
      'GET',
      '/api/orgs/:org',
    );
    expect(org.body.settings.accentColor).toBe('#ffcc00');
    expect(org.body.uploadedLogoUrl).toMatch(/\/logos\/[\w-]+\/[\w-]{43}$/);
  });

  it('shows the logo on the join page and fills its button with the accent, with readable text', async () => {
    const link = await api.call<{ url: string }>('POST', '/api/orgs/:org/links', {
      expiresInHours: 24,
    });
    const page = await browser.context.newPage();
    const response = await page.goto(link.body.url);
    expect(response!.status()).toBe(200);
    await page.waitForFunction(() => {
      const img = document.querySelector('img.brand-logo');
      return img instanceof HTMLImageElement && img.complete;
    });
    expect(await loaded(page, 'img.brand-logo')).toBe(true);
    const button = page.getByRole('button', { name: /Join|Apply to join/ });
    const style = await button.evaluate((b) => {
      const s = getComputedStyle(b);
      return { background: s.backgroundColor, color: s.color };
    });
    expect(style).toEqual({ background: 'rgb(255, 204, 0)', color: 'rgb(0, 0, 0)' });
    await page.close();
  });
});
