/**
 * The extension's popup and storage in real Chromium (test/helpers/extension-browser.ts), for the
 * e2e tests that use them: a popup-sized page that records when it became usable, opening the popup,
 * the toolbar badge, and the session and preferences as the extension stores them.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';

/** The extension APIs the tests call inside extension pages and the service worker. */
declare const chrome: {
  action: { getBadgeText(details: object): Promise<string> };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
};

/**
 * Records in every page when the popup's tabs or sign-in form first appear (performance.now() = ms
 * since navigation).
 */
function recordInteractive(): void {
  const seen = () => document.querySelector('[role=tablist], form.sign-in');
  new MutationObserver((_, observer) => {
    if (!seen()) return;
    (window as unknown as { __interactiveAt: number }).__interactiveAt = Math.round(
      performance.now(),
    );
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

/** A page the size of the popup, in a context whose pages record when they became usable. */
export async function popupPage(context: BrowserContext): Promise<Page> {
  await context.addInitScript(recordInteractive);
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  return popup;
}

/**
 * Opens the popup page and answers how long after the navigation started it became usable: the
 * moment its tabs (signed in) or its sign-in button appeared, as recorded inside the page. The time
 * is a figure to print, never to assert (docs/EXTENSION.md's budget table).
 */
export async function openPopup(popup: Page, extensionId: string): Promise<number> {
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup
    .getByRole('tablist')
    .or(popup.getByRole('button', { name: 'Sign in' }))
    .first()
    .waitFor();
  return popup.evaluate(() => (window as unknown as { __interactiveAt: number }).__interactiveAt);
}

/** The toolbar badge as the browser shows it. */
export const badgeText = (background: Worker) =>
  background.evaluate(() => chrome.action.getBadgeText({}));

/** Asks the background worker to check the server now (what the alarm does every minute). */
export const refreshBadge = (page: Page) =>
  page.evaluate(() => chrome.runtime.sendMessage({ type: 'refresh-badge' }));

/**
 * Changes the stored session in place (what an expiry, a revoked token or a dead server looks like
 * to the popup).
 */
export async function editSession(
  background: Worker,
  patch: Record<string, unknown>,
): Promise<void> {
  await background.evaluate(async (p) => {
    const { session } = await chrome.storage.local.get('session');
    await chrome.storage.local.set({ session: { ...(session as object), ...p } });
  }, patch);
}

/** What the extension keeps under `key` in its local storage. */
export const stored = (background: Worker, key: string) =>
  background.evaluate((k) => chrome.storage.local.get(k), key);
