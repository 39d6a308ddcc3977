/**
 * The built Firefox add-on (.output/firefox-mv2) in real Firefox (Debian's ESR), installed as a
 * temporary add-on and driven over Marionette (test/helpers/firefox.ts): a first sign-in to a local
 * server that just works, a link and its QR code, an application through the hosted join page on
 * the badge and approved in Review, and a second server the browser has not granted — asked for
 * before anything is sent, refused with a sentence that blames the browser rather than the network,
 * then allowed. docs/FIREFOX.md says why it is built this way; the package itself is checked by
 * test/e2e/firefox-package.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, SHOTS } from '../helpers/extension-browser';
import { launchFirefox, type Firefox } from '../helpers/firefox';
import { ADDON, ADDON_ID, buildAddonIfMissing, UUID } from '../helpers/firefox-addon';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process';

/**
 * A host the add-on's manifest does not grant, resolved to this machine by Firefox itself
 * (network.dns.localDomains).
 */
const SECOND_HOST = 'second.invitations.test';
const INVITEE = { name: 'Fern Firefox', email: 'fern@example.com' };

let firefox: Firefox;
let local: ServerProcess;
let second: ServerProcess;
let localUrl = '';
let secondUrl = '';
let dataDir = '';
let popup = '';

/** The field of the popup labelled `label`. */
const field = (label: string) => firefox.find(`//label[contains(., '${label}')]//input`);
const button = (name: string) => firefox.find(`//button[normalize-space()='${name}']`);
const bodyText = () => firefox.script<string>('return document.body.innerText;');

/** Firefox's optional-permission prompt, on whichever tab it waits (browser chrome code). */
const FIND_PROMPT = `const n = gBrowser.browsers.map((b) => PopupNotifications.getNotification('addon-webext-permissions', b)).find(Boolean);`;
/**
 * The prompt's text as the panel shows it, or null when there is none. A headless window that lost
 * focus (a tab was closed) keeps its prompts waiting unseen: the window is focused, as a person
 * looking at it would.
 */
const permissionPrompt = () =>
  firefox.chrome<string | null>(`${FIND_PROMPT}
    if (!n) return null;
    if (PopupNotifications.panel.state !== 'open') { window.focus(); PopupNotifications._update?.(); }
    return document.getElementById('addon-webext-permissions-notification')?.textContent ?? '';`);
const answerPrompt = (allow: boolean) =>
  firefox.chrome(
    `${FIND_PROMPT} (arguments[0] ? n.mainAction : n.secondaryActions[0]).callback(); n.remove();`,
    allow,
  );

/** The toolbar badge, as the add-on's own pages read it. */
const badge = () =>
  firefox.scriptAsync<string>('return (browser.action ?? browser.browserAction).getBadgeText({});');
const refreshBadge = () =>
  firefox.scriptAsync('return browser.runtime.sendMessage({ type: "refresh-badge" });');

async function signIn(serverUrl: string, password = OWNER.password): Promise<void> {
  const url = await field('Server URL');
  await firefox.clear(url);
  await firefox.type(url, serverUrl);
  const email = await field('Email');
  await firefox.clear(email);
  await firefox.type(email, OWNER.email);
  const secret = await field('Password');
  await firefox.clear(secret);
  await firefox.type(secret, password);
  await firefox.click(await button('Sign in'));
}

beforeAll(async () => {
  buildAddonIfMissing();
  dataDir = mkdtempSync(join(tmpdir(), 'invitations-firefox-e2e-'));
  const owner = { OWNER_EMAIL: OWNER.email, OWNER_PASSWORD: OWNER.password };
  // What `npm start` runs: local mode on localhost (any port: the manifest grants the host).
  const localPort = await freePort();
  localUrl = `http://localhost:${localPort}`;
  local = await startServerProcess({
    PORT: String(localPort),
    PUBLIC_URL: localUrl,
    DATABASE_URL: `file:${join(dataDir, 'local.db')}`,
    MAILBOX_FILE: join(dataDir, 'mailbox.json'),
    ORG_NAME: 'Acme',
    ...owner,
  });
  // A server elsewhere, which admits only the Chromium extension by CORS: Firefox reaches it only
  // with the permission.
  const secondPort = await freePort();
  secondUrl = `http://${SECOND_HOST}:${secondPort}`;
  second = await startServerProcess({
    PORT: String(secondPort),
    PUBLIC_URL: secondUrl,
    DATABASE_URL: `file:${join(dataDir, 'second.db')}`,
    ORG_NAME: 'Second',
    EXTENSION_ORIGINS: 'chrome-extension://kgknponoaabbnjcnjoeagpodpmkkpgfh',
    ...owner,
  });
  firefox = await launchFirefox({
    uuids: { [ADDON_ID]: UUID },
    prefs: { 'network.dns.localDomains': SECOND_HOST },
  });
  expect(await firefox.installAddon(ADDON)).toBe(ADDON_ID);
  popup = await firefox.openTab(`moz-extension://${UUID}/popup.html`);
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await local?.stop();
  await second?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the add-on in Firefox', () => {
  let linkUrl = '';

  it('signs in to the local server on the first try, asking nothing', async () => {
    await signIn(localUrl);
    await firefox.find('[role=tab]', 20_000);
    expect(await permissionPrompt()).toBeNull();
    expect(await bodyText()).toContain('Acme');
    expect(await bodyText()).toContain(`Signed in as ${OWNER.email}`);
    if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(join(SHOTS, 'firefox-popup.png'))) {
      await firefox.screenshot(join(SHOTS, 'firefox-popup.png'), await firefox.find('#app'));
      // Where the README sends Firefox users to load the add-on: about:debugging, with it loaded.
      const popupTab = popup;
      await firefox.openTab('about:debugging#/runtime/this-firefox');
      await firefox.find(`//*[contains(text(), 'Invitations')]`);
      await firefox.screenshot(join(SHOTS, 'firefox-about-debugging.png'));
      await firefox.closeTab();
      await firefox.switchTo(popupTab);
    }
  });

  it('creates a link whose QR code reads back as the link', async () => {
    await firefox.click(await button('Create link'));
    const input = await firefox.find("input[aria-label='Invitation link URL']");
    linkUrl = await firefox.until(
      async () => {
        const value = await firefox.property<string>(input, 'value');
        return value.includes('/join/') ? value : null;
      },
      10_000,
      'the new link',
    );
    expect(linkUrl.startsWith(`${localUrl}/join/`)).toBe(true);
    const pixels = await firefox.script<{ width: number; height: number; rgba: number[] }>(`
      const c = document.querySelector("canvas[aria-label='QR code of the invitation link']");
      return { width: c.width, height: c.height, rgba: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) };`);
    expect(jsQR(Uint8ClampedArray.from(pixels.rgba), pixels.width, pixels.height)?.data).toBe(
      linkUrl,
    );
  });

  it('shows an application from the hosted join page on the badge, and clears it on approval in Review', async () => {
    await firefox.openTab(linkUrl);
    await firefox.type(await firefox.find('input[name=name]'), INVITEE.name);
    await firefox.type(await firefox.find('input[name=email]'), INVITEE.email);
    await firefox.click(await firefox.find('form button[type=submit]'));
    await firefox.until(
      async () => !(await bodyText()).includes('Your name'),
      10_000,
      'the join page to answer',
    );
    await firefox.closeTab();
    await firefox.switchTo(popup);

    await refreshBadge();
    await firefox.until(
      async () => (await badge()) === '1',
      10_000,
      'the badge to count the application',
    );
    await firefox.click(await firefox.find("//*[@role='tab'][normalize-space()='Review']"));
    await firefox.find(`//li[contains(., '${INVITEE.email}')]`);
    await firefox.click(
      await firefox.find(
        `//li[contains(., '${INVITEE.email}')]//button[normalize-space()='Approve']`,
      ),
    );
    await firefox.until(
      async () => (await firefox.findAll(`//li[contains(., '${INVITEE.email}')]`)).length === 0,
      10_000,
      'the application to leave the list',
    );
    await firefox.until(async () => (await badge()) === '', 10_000, 'the badge to clear');
  });

  it('asks for a server the browser has not granted before sending anything; refused, it says the browser stood in the way', async () => {
    await firefox.click(await button('Sign out'));
    await field('Server URL');
    await signIn(secondUrl);
    // The prompt names the host (its text fills in once the panel shows).
    await firefox.until(
      async () => (await permissionPrompt())?.includes(SECOND_HOST),
      10_000,
      `a permission prompt naming ${SECOND_HOST}`,
    );
    // The form said what would be asked and why, waits for the answer, and the server has heard
    // nothing.
    expect(await bodyText()).toContain(
      `Your browser will ask to let Invitations reach ${new URL(secondUrl).host}`,
    );
    expect(await bodyText()).toContain('Signing in…');
    expect(second.output()).not.toContain('/api/auth/login');

    await answerPrompt(false);
    const alert = await firefox.find('[role=alert]');
    expect(await firefox.text(alert)).toContain(
      `Invitations may not reach ${new URL(secondUrl).host} yet`,
    );
    expect(await firefox.text(alert)).not.toContain('Cannot reach the server');
    // What was typed is still there.
    expect(await firefox.property(await field('Password'), 'value')).toBe(OWNER.password);
    expect(await firefox.property(await field('Server URL'), 'value')).toBe(secondUrl);
  });

  it('allowed, signs in to the second server', async () => {
    await firefox.click(await button('Sign in'));
    await firefox.until(permissionPrompt, 10_000, 'the permission prompt again');
    await answerPrompt(true);
    await firefox.find('[role=tab]', 20_000);
    expect(await bodyText()).toContain('Second');
    const granted = await firefox.scriptAsync<string[]>(
      'return browser.permissions.getAll().then((p) => p.origins);',
    );
    expect(granted).toContain(`http://${SECOND_HOST}/*`);
  });

  it('a server changed in the options while signed in is for the next sign-in, and says so; a granted host is not asked again', async () => {
    await firefox.openTab(`moz-extension://${UUID}/options.html`);
    const url = await field('Server URL');
    await firefox.clear(url);
    await firefox.type(url, localUrl);
    await firefox.click(await button('Save'));
    const status = await firefox.find('[role=status]');
    await firefox.until(
      async () => (await firefox.text(status)).startsWith('Saved.'),
      10_000,
      'the options to save',
    );
    expect(await firefox.text(status)).toContain(`You are still signed in to ${secondUrl}`);
    // Typing a host the browser has not granted says, before saving, that saving asks for it.
    await firefox.clear(url);
    await firefox.type(url, 'https://elsewhere.invitations.test');
    await firefox.until(
      async () => (await bodyText()).includes('does not let the extension reach this server yet'),
      10_000,
      'the options to say saving asks',
    );
    await firefox.closeTab();
    await firefox.switchTo(popup);
    // Signed out, the sign-in form for the second server (allowed above) says nothing of asking.
    await firefox.click(await button('Sign out'));
    const serverField = await field('Server URL');
    await firefox.clear(serverField);
    await firefox.type(serverField, secondUrl);
    await firefox.until(
      async () => !(await bodyText()).includes('Your browser will ask'),
      10_000,
      'no hint for a granted host',
    );
    await firefox.clear(serverField);
    await firefox.type(serverField, 'https://elsewhere.invitations.test');
    await firefox.until(
      async () =>
        (await bodyText()).includes(
          'Your browser will ask to let Invitations reach elsewhere.invitations.test',
        ),
      10_000,
      'the hint for a host not granted',
    );
  });
});
