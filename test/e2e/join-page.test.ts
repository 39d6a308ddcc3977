/**
 * The hosted join page in real Chromium, against the real app served over HTTP on a temp libSQL
 * file: an invitee opens a general link on a phone-sized screen with JavaScript off, reads who
 * invites them to what and until when, fills in name and e-mail through the labelled fields,
 * submits, and sees the submitted page; an expired link shows its own page, where one may ask for a
 * new invitation; errors are announced
 * and tied to their fields.
 */
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { createLink } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let server: ServerType;
let base: string;
let browser: Browser;
let org: Awaited<ReturnType<typeof orgWithRoles>>;

beforeAll(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
  base = await new Promise<string>((resolve) => {
    server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

/** A phone-sized browser, with JavaScript off unless told otherwise: the page must not need it. */
async function phone(javaScriptEnabled = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
  });
  return { context, page: await context.newPage() };
}

const path = (url: string) => new URL(url).pathname;

describe('the join page in Chromium', () => {
  it('shows organization, inviter and expiry, and files an application from its labelled form without JavaScript', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 168 });
    const { context, page } = await phone();
    const response = await page.goto(base + path(link.url));
    expect(response!.status()).toBe(200);
    expect(response!.headers()['referrer-policy']).toBe('no-referrer');
    expect(response!.headers()['cache-control']).toBe('no-store');

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Join Acme');
    expect(await page.locator('main').textContent()).toContain('admin invited you to join Acme');
    const expiry = page.locator('time');
    expect(await expiry.getAttribute('datetime')).toBe(link.body.expiresAt);
    expect(await expiry.textContent()).toMatch(/^\d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC$/);

    await page.getByLabel('Your name').fill('Ivy Newcomer');
    await page.getByLabel('E-mail address').fill('Ivy@Example.com');
    await page.getByRole('button', { name: 'Apply to join' }).click();
    await page.getByRole('heading', { name: 'Application sent' }).waitFor();
    expect(page.url()).toBe(base + path(link.url));
    expect(
      await h.db.select().from(applications).where(eq(applications.email, 'ivy@example.com')),
    ).toMatchObject([{ name: 'Ivy Newcomer', status: 'pending' }]);
    await context.close();
  });

  it('fits a phone screen, labels every field, and carries no script', async () => {
    const link = await createLink(h, org.orgId, org.admin.token);
    const { context, page } = await phone(true);
    await page.goto(base + path(link.url));
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      scripts: document.scripts.length,
      unlabelled: [...document.querySelectorAll('input:not([type=hidden])')].filter(
        (i) => (i as HTMLInputElement).labels?.length !== 1,
      ).length,
      headings: document.querySelectorAll('h1').length,
      buttonHeight: document.querySelector('button')!.getBoundingClientRect().height,
    }));
    expect(facts).toMatchObject({ lang: 'en', scripts: 0, unlabelled: 0, headings: 1 });
    expect(facts.overflow).toBeLessThanOrEqual(0);
    expect(facts.buttonHeight).toBeGreaterThanOrEqual(44);
    expect(
      await page.getByRole('textbox', { name: 'Your name' }).getAttribute('autocomplete'),
    ).toBe('name');
    expect(
      await page.getByRole('textbox', { name: 'E-mail address' }).getAttribute('autocomplete'),
    ).toBe('email');
    await context.close();
  });

  it('announces what is wrong and ties each error to its field', async () => {
    const link = await createLink(h, org.orgId, org.admin.token);
    const { context, page } = await phone(true);
    await page.goto(base + path(link.url));
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await page.getByLabel('Your name').fill('<b>Bold</b> "Name"');
    await page.getByLabel('E-mail address').fill('not-an-address');
    await page.getByRole('button', { name: 'Apply to join' }).click();
    await page.getByRole('alert').waitFor();
    const email = page.getByRole('textbox', { name: 'E-mail address' });
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(
      await page.locator(`#${await email.getAttribute('aria-describedby')}`).textContent(),
    ).toBe('Must be a valid e-mail address');
    expect(await page.getByLabel('Your name').inputValue()).toBe('<b>Bold</b> "Name"');
    expect(await page.locator('main b').count()).toBe(0);
    await context.close();
  });

  it('an expired link shows its own page, with a form to ask for a new invitation (features/renewals/)', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 1 });
    h.clock.advance(3600_000);
    const { context, page } = await phone();
    const response = await page.goto(base + path(link.url));
    expect(response!.status()).toBe(410);
    await page.getByRole('heading', { name: 'Invitation link expired' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(
      'You can ask Acme for a new invitation',
    );
    expect(await page.locator('form').count()).toBe(1);
    await page.getByLabel('Your name').fill('Late Comer');
    await page.getByLabel('E-mail address').fill('late@example.com');
    await page.getByRole('button', { name: 'Ask for a new invitation' }).click();
    await page.getByRole('heading', { name: 'Request sent' }).waitFor();
    await context.close();
  });

  it('switches language from the keyboard, with targets of at least 24×24 px, and keeps it through the form', async () => {
    const link = await createLink(h, org.orgId, org.admin.token);
    const { context, page } = await phone(true);
    await page.goto(base + path(link.url));
    const switcher = page.getByRole('navigation', { name: 'Language' });
    const links = switcher.getByRole('link');
    expect(await links.allTextContents()).toEqual(['English', '简体中文', 'Русский', '日本語']);
    expect(await switcher.locator('[aria-current="page"]').textContent()).toBe('English');
    for (const box of await Promise.all((await links.all()).map((l) => l.boundingBox()))) {
      expect(box!.width).toBeGreaterThanOrEqual(24);
      expect(box!.height).toBeGreaterThanOrEqual(24);
    }
    // The switcher comes first in the tab order; Enter follows the focused link.
    let focused = '';
    for (let i = 0; i < 4 && focused !== '日本語'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toBe('日本語');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Acme に参加' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await page.getByLabel('メールアドレス').fill('not-an-address');
    await page.getByRole('button', { name: '参加を申請' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.locator('#email-error').textContent()).toBe(
      '有効なメールアドレスを入力してください',
    );
    await context.close();
  });
});
