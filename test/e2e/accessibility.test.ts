/**
 * Accessibility in real Chromium, measured with axe-core (docs/ACCESSIBILITY.md): every hosted page
 * state a person can reach (the join page and its errors, what follows a submission, unusable
 * links, the ask-for-a-new-invitation pages, the invitation page, the single-use link pages, sign-in and password pages, results, the
 * page that is not there) and the extension's popup (signed out and signed in, each tab), its
 * dashboard sections and its options page. A `serious` or `critical` violation fails, and so does
 * any target-size one (WCAG 2.2 AA 2.5.8, a rule axe 4 leaves off unless asked), and what axe does
 * not measure (test/helpers/accessibility.ts). Beside them: the hosted pages' font, and the
 * full-screen QR code as a modal dialog. One browser per describe.
 */
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  launchExtensionBrowser,
  OWNER,
  signIn,
  type ExtensionBrowser,
} from '../helpers/extension-browser';
import { invitations } from '../../worker/src/db/schema';
import { expectAccessible } from '../helpers/accessibility';
import { startHarness, type Harness } from '../helpers/harness';
import { codeSentTo } from '../helpers/invitations';
import { apply, createLink, linkIn, mailTo } from '../helpers/links';
import { openPopup, popupPage } from '../helpers/popup';
import { createUser, orgWithRoles, PASSWORD } from '../helpers/seed';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('hosted pages in Chromium', () => {
  let h: Harness;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
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
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    // A phone: the pages are read there first, and targets are smallest there.
    context = await browser.newContext({
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
    });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  const path = (url: string) => new URL(url, base).pathname;
  /** Opens a page of the app by its path (or a full URL of PUBLIC_URL) and answers its status. */
  async function open(url: string): Promise<number> {
    return (await page.goto(base + path(url)))!.status();
  }
  /** Submits the page's form (the first unless told) the way a person does, and waits for the answer. */
  async function submit(form = 'form'): Promise<void> {
    await Promise.all([
      page.waitForEvent('load'),
      page.locator(form).locator('button[type=submit]').first().click(),
    ]);
  }
  const field = (name: string) => page.locator(`[name="${name}"]`);

  it('renders body text in the intended sans-serif stack, from a style rule the browser parsed', async () => {
    await open('/login');
    const font = await page.evaluate(() => {
      const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
      const body = rules.find(
        (r): r is CSSStyleRule => r instanceof CSSStyleRule && r.selectorText === 'body',
      );
      return {
        computed: getComputedStyle(document.body).fontFamily,
        rule: body?.style.fontFamily ?? null,
        paragraph: getComputedStyle(document.querySelector('p, label')!).fontFamily,
      };
    });
    // If the CSS in the page's <style> were HTML-escaped again (`"Segoe UI"` sent as
    // `&quot;Segoe UI&quot;`), a <style> element's text is not decoded, so the browser would read
    // `&quot;Segoe` as an invalid token: the `font` declaration is dropped, the body rule has no
    // font-family (`rule` empty) and the computed family falls back to the browser's default
    // (`"Times New Roman"` or `serif`), so both expectations below fail.
    expect(font.rule).toMatch(/^system-ui, .*sans-serif$/);
    expect(font.computed).toMatch(/^system-ui, /);
    expect(font.computed).toContain('"Segoe UI"');
    expect(font.paragraph).toBe(font.computed);
  });

  it('the join page, its error state and what a submission shows', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 168 });
    expect(await open(link.url)).toBe(200);
    await expectAccessible(page, 'join');

    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await field('name').fill('');
    await field('email').fill('not-an-address');
    await submit();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'join with errors');

    await field('name').fill('Ivy Newcomer');
    await field('email').fill('ivy@example.com');
    await submit();
    expect(await page.locator('form').count()).toBe(0);
    await expectAccessible(page, 'join submitted (pending)');

    const open2 = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    await open(open2.url);
    await field('name').fill('Jo Direct');
    await field('email').fill('jo@example.com');
    await submit();
    await expectAccessible(page, 'join submitted (approved)');
  });

  it('a revoked and a used-up link', async () => {
    const revoked = await createLink(h, org.orgId, org.admin.token);
    const res = await h.call('DELETE', `/api/orgs/${org.orgId}/links/${revoked.id}`, {
      token: org.admin.token,
    });
    expect(res.status).toBeLessThan(300);
    expect(await open(revoked.url)).toBe(410);
    await expectAccessible(page, 'link revoked');

    const usedUp = await createLink(h, org.orgId, org.admin.token, { maxUses: 1 });
    expect((await apply(h, usedUp.token, { name: 'Ann', email: 'ann@example.com' })).status).toBe(
      201,
    );
    expect(await open(usedUp.url)).toBe(410);
    await expectAccessible(page, 'link used up');
  });

  it('the ask pages: an expired invitation’s and a spent link’s form, its errors, "request sent"', async () => {
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'asker@example.com', role: 'member', channel: 'link' },
    });
    expect(res.status).toBe(201);
    // Its time runs out (the clock stays put for the tests after this one).
    await h.db
      .update(invitations)
      .set({ expiresAt: h.clock.now() - 60_000 })
      .where(eq(invitations.id, res.body.invitation.id));
    expect(await open(res.body.url)).toBe(410);
    await page.getByRole('button', { name: 'Ask for a new invitation' }).waitFor();
    await expectAccessible(page, 'ask: expired invitation');
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    // The new invitation goes where this one went: a name only.
    expect(await page.locator('input[name="email"]').count()).toBe(0);
    await field('name').fill('');
    await submit();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'ask with errors');
    await field('name').fill('Ava Asker');
    await submit();
    expect(await page.locator('form').count()).toBe(0);
    await expectAccessible(page, 'ask: request sent');

    const spent = await createLink(h, org.orgId, org.admin.token, { maxUses: 1 });
    expect((await apply(h, spent.token, { name: 'Una', email: 'una@example.com' })).status).toBe(
      201,
    );
    expect(await open(spent.url)).toBe(410);
    await page.getByRole('button', { name: 'Ask for a new invitation' }).waitFor();
    await expectAccessible(page, 'ask: spent link');
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await field('name').fill('Lou Later');
    await field('email').fill('not-an-address');
    await submit();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'ask with errors (link)');
    await field('email').fill('lou@example.com');
    await submit();
    await expectAccessible(page, 'ask: request sent (link)');
  });

  it('the invitation page through its steps: code, verify, accept, welcome', async () => {
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'invitee@example.com', role: 'member', channel: 'link' },
    });
    expect(res.status).toBe(201);
    expect(await open(res.body.url)).toBe(200);
    await expectAccessible(page, 'invitation');
    await submit();
    await expectAccessible(page, 'invitation: enter the code');

    await field('code').fill('00000000');
    await submit();
    await expectAccessible(page, 'invitation: wrong code');

    await field('code').fill(await codeSentTo(h, 'invitee@example.com'));
    await submit();
    await expectAccessible(page, 'invitation: accept');
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await field('name').fill('Ina Invitee');
    await field('password').fill('short');
    await submit();
    await expectAccessible(page, 'invitation: accept with errors');
    await field('name').fill('Ina Invitee');
    await field('password').fill('a good long password');
    await submit();
    expect(await page.locator('form').count()).toBe(0);
    await expectAccessible(page, 'invitation accepted');
  });

  it('the set-password and confirm pages, with their errors and results', async () => {
    await createUser(h, 'bob@example.com');
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    expect((await apply(h, link.token, { name: 'Sam', email: 'sam@example.com' })).status).toBe(
      201,
    );
    expect((await apply(h, link.token, { name: 'Bob', email: 'bob@example.com' })).status).toBe(
      201,
    );
    const setPassword = linkIn((await mailTo(h, 'sam@example.com'))[0]!, '/set-password/');
    const confirm = linkIn((await mailTo(h, 'bob@example.com'))[0]!, '/confirm/');

    expect(await open(setPassword)).toBe(200);
    await expectAccessible(page, 'set password');
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await field('newPassword').fill('a long new password');
    await field('confirmPassword').fill('something else entirely');
    await submit();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'set password with errors');
    await field('newPassword').fill('a long new password');
    await field('confirmPassword').fill('a long new password');
    await submit();
    expect(await page.locator('form').count()).toBe(0);
    await expectAccessible(page, 'password set');
    await open(setPassword);
    await expectAccessible(page, 'set-password link used');

    expect(await open(confirm)).toBe(200);
    await expectAccessible(page, 'confirm');
    await submit();
    await expectAccessible(page, 'confirmed');
  });

  it('sign-in, its errors and result, change and reset of a password', async () => {
    expect(await open('/login')).toBe(200);
    await expectAccessible(page, 'login');
    await field('email').fill(org.member.email);
    await field('password').fill('not the password');
    await submit();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'login with errors');
    await field('password').fill(PASSWORD);
    await submit();
    await expectAccessible(page, 'signed in');

    expect(await open('/account/password')).toBe(200);
    await expectAccessible(page, 'change password');
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await field('email').fill(org.member.email);
    await field('currentPassword').fill(PASSWORD);
    await field('newPassword').fill('short');
    await submit();
    await expectAccessible(page, 'change password with errors');
    await field('currentPassword').fill(PASSWORD);
    await field('newPassword').fill('a long new password');
    await field('confirmPassword').fill('a long new password');
    await submit();
    expect(await page.locator('form').count()).toBe(0);
    await expectAccessible(page, 'password changed');

    expect(await open('/reset-password')).toBe(200);
    await expectAccessible(page, 'reset password');
    await field('email').fill(org.admin.email);
    await submit();
    await expectAccessible(page, 'reset link sent');
    const reset = linkIn((await mailTo(h, org.admin.email)).at(-1)!, '/reset-password/');
    expect(await open(reset)).toBe(200);
    await expectAccessible(page, 'choose a new password');
  });

  it('the join page, its errors and an expired link’s ask form in the organization’s brand (a light accent)', async () => {
    const set = await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { accentColor: '#ffcc00' },
    });
    expect(set.status).toBe(200);
    const link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 1 });
    expect(await open(link.url)).toBe(200);
    const button = page.locator('form button[type=submit]').first();
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
      'rgb(255, 204, 0)',
    );
    await expectAccessible(page, 'join (branded)');
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await field('email').fill('not-an-address');
    await submit();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'join with errors (branded)');

    h.clock.advance(2 * 3600_000);
    expect(await open(link.url)).toBe(410);
    expect(await field('email').count()).toBe(1);
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
      'rgb(255, 204, 0)',
    );
    await expectAccessible(page, 'link expired, ask for a new invitation (branded)');
    const reset = await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { accentColor: null },
    });
    expect(reset.status).toBe(200);
  });

  it('a page that is not there, a bad single-use link, and expired links and invitations', async () => {
    expect(await open('/no/such/page')).toBe(404);
    await expectAccessible(page, 'not found');
    await open('/set-password/not-a-token');
    await expectAccessible(page, 'set-password link unknown');

    const link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 1 });
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'late@example.com', role: 'member', channel: 'link' },
    });
    // Later than any link's or invitation's validity (this test runs last: the clock stays moved).
    h.clock.advance(366 * 24 * 3600_000);
    expect(await open(link.url)).toBe(410);
    await expectAccessible(page, 'link expired');
    expect(await open(res.body.url)).toBe(410);
    await expectAccessible(page, 'invitation expired');
  });
});

describe('the extension in Chromium', () => {
  let browser: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    browser = await launchExtensionBrowser();
    popup = await popupPage(browser.context);
  }, 120_000);

  afterAll(() => browser?.close());

  /** Waits until the page has no request in flight and no "Loading…" line. */
  async function settled(page: Page): Promise<void> {
    await page.waitForLoadState('networkidle');
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /Loading/ })
          .count(),
      )
      .toBe(0);
  }

  it('the popup signed out, with a refused sign-in, and the dashboard signed out', async () => {
    await openPopup(popup, browser.extensionId);
    await expectAccessible(popup, 'popup: sign in');
    await signIn(popup, browser.server.url, { ...OWNER, password: 'wrong password' });
    await popup.getByRole('alert').waitFor();
    await expectAccessible(popup, 'popup: sign-in refused');

    const dashboard = await browser.open('dashboard.html#users');
    await dashboard.locator('form').waitFor();
    await expectAccessible(dashboard, 'dashboard: sign in');
    await dashboard.close();
  });

  it('the popup signed in: each tab, with a link, an application and search results', async () => {
    await signIn(popup, browser.server.url);
    await popup.getByRole('tablist').waitFor();
    await settled(popup);
    await expectAccessible(popup, 'popup: share');

    await popup.locator('form button[type=submit]').first().click();
    await popup.getByRole('img', { name: /QR/ }).waitFor();
    await settled(popup);
    await expectAccessible(popup, 'popup: share with a link');
    await popup.getByRole('button', { name: 'Reset all' }).click();
    await popup.getByRole('alertdialog').waitFor();
    await expectAccessible(popup, 'popup: turn off all links?');
    await popup.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    const url = await popup.locator('input[readonly]').first().inputValue();
    const applied = await fetch(`${browser.server.url}/api/join/${url.split('/join/')[1]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ivy Newcomer', email: 'ivy@example.com' }),
    });
    expect(applied.status).toBe(201);
    // A renewal: someone asks for a new invitation on a used-up link's page.
    const owner = await apiAs(browser.server.url);
    const spent = await owner.call<{ url: string }>('POST', '/api/orgs/:org/links', {
      expiresInHours: 24,
      maxUses: 1,
    });
    const used = await fetch(
      `${browser.server.url}/api/join/${spent.body.url.split('/join/')[1]}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Una Used', email: 'una@example.com' }),
      },
    );
    expect(used.status).toBe(201);
    const asker = await browser.context.newPage();
    await asker.goto(spent.body.url);
    await asker.getByLabel('Your name').fill('Rae Renewal');
    await asker.getByLabel('E-mail address').fill('rae@example.com');
    await asker.getByRole('button', { name: 'Ask for a new invitation' }).click();
    await asker.getByRole('heading', { name: 'Request sent' }).waitFor();
    await asker.close();

    await popup.getByRole('tab').nth(1).click();
    await popup.getByRole('listitem').filter({ hasText: 'ivy@example.com' }).waitFor();
    await popup.getByRole('listitem').filter({ hasText: 'rae@example.com' }).waitFor();
    await settled(popup);
    await expectAccessible(popup, 'popup: review, with an application and a renewal');

    await popup.getByRole('tab').nth(2).click();
    await popup.getByRole('searchbox').fill('owner');
    await expect.poll(() => popup.getByRole('list').last().textContent()).toContain(OWNER.email);
    await expectAccessible(popup, 'popup: find');
  });

  it('the full-screen QR code is modal: focus moves in, Tab stays inside, Escape closes, focus returns', async () => {
    await popup.getByRole('tab').first().click();
    await popup.locator('form button[type=submit]').first().click();
    const opener = popup.getByRole('button', { name: 'Show QR code full screen' });
    await opener.focus();
    await popup.keyboard.press('Enter');
    const dialog = popup.getByRole('dialog');
    await dialog.waitFor();
    await expectAccessible(popup, 'popup: QR code full screen', false);
    const focusInside = () =>
      popup.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
    expect(await focusInside()).toBe(true);
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await popup.keyboard.press(key);
      expect(await focusInside(), key).toBe(true);
    }
    // The page behind is covered: what lies over the tabs is the dialog.
    expect(
      await popup.evaluate(() => {
        const tab = document.querySelector('[role=tab]')!.getBoundingClientRect();
        return document.elementFromPoint(tab.x + 4, tab.y + 4)?.closest('dialog') !== null;
      }),
    ).toBe(true);
    await popup.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe(
      'Show QR code full screen',
    );

    await opener.click();
    await dialog.getByRole('button').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe(
      'Show QR code full screen',
    );
  });

  it('every dashboard section and the options page', async () => {
    const dashboard = await browser.open('dashboard.html#users');
    const sections = await dashboard
      .getByRole('navigation')
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash));
    expect(sections.length).toBeGreaterThan(5);
    for (const hash of sections) {
      await dashboard.goto(`chrome-extension://${browser.extensionId}/dashboard.html${hash}`);
      await dashboard.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
      await settled(dashboard);
      await expectAccessible(dashboard, `dashboard ${hash}`);
      // The dialogs a section opens: a member's edit form, a link's details.
      const opener = { '#users': /^Edit /, '#links': /^Details/ }[hash];
      if (opener) {
        await dashboard.getByRole('button', { name: opener }).first().click();
        await dashboard.getByRole('dialog').waitFor();
        await settled(dashboard);
        await expectAccessible(dashboard, `dashboard ${hash} dialog`);
        await dashboard.keyboard.press('Escape');
        await dashboard.getByRole('dialog').waitFor({ state: 'detached' });
      }
    }
    await dashboard.close();

    const options = await browser.open('options.html');
    await options.locator('form').waitFor();
    await expectAccessible(options, 'options');
    await options.close();
  });
});
