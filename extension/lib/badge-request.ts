/** How a page asks the background worker to check the server now (after an approve or reject). */
import { browser } from 'wxt/browser';

export const REFRESH_MESSAGE = { type: 'refresh-badge' } as const;

/** Harmless when the background worker is not listening. */
export function requestBadgeRefresh(): void {
  browser.runtime.sendMessage(REFRESH_MESSAGE).catch(() => undefined);
}
