/**
 * The background worker's job, separate from its wiring: check the server, set the toolbar badge,
 * announce what is new. Runs on an alarm, when the session changes, and when a page asks after a
 * review.
 */
import { browser } from 'wxt/browser';
import { createApiClient, type ApiClient, type ApiClientOptions } from '../../shared/client';
import { isSessionEnded } from './errors';
import { isExpired } from './session';
import { REFRESH_MESSAGE } from './badge-request';
import { preferencesItem, sessionItem } from './storage';
import { checkForNews, watchItem, type Notice } from './watcher';

export const REFRESH_ALARM = 'refresh-pending';
export const REFRESH_MINUTES = 1;
export { REFRESH_MESSAGE };

export interface RefreshDeps {
  makeClient?: (options: ApiClientOptions) => ApiClient;
  now?: () => number;
}

/** `browser.action` in MV3, `browser.browserAction` in Firefox's MV2 build. */
function toolbarButton() {
  return (
    browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction
  );
}

export async function setBadge(text: string): Promise<void> {
  const button = toolbarButton();
  await button.setBadgeText({ text });
  if (text) await button.setBadgeBackgroundColor({ color: '#b91c1c' });
}

async function announce(notice: Notice): Promise<void> {
  await browser.notifications.create(notice.id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: notice.title,
    message: notice.message,
  });
}

/**
 * Checks once. Returns the badge text it set, or `null` when there was nothing to check or the
 * server was away.
 */
export async function refreshBadge({
  makeClient = createApiClient,
  now = Date.now,
}: RefreshDeps = {}): Promise<string | null> {
  const session = await sessionItem.getValue();
  if (!session || isExpired(session, now())) {
    await Promise.all([setBadge(''), watchItem.setValue(null)]);
    return null;
  }
  const api = makeClient({ baseUrl: session.serverUrl, getToken: () => session.token });
  try {
    const result = await checkForNews(api, session, await watchItem.getValue(), now());
    if (!result) {
      await setBadge('');
      return null;
    }
    // The session may have changed while the check ran (sign-out, another organization): drop a
    // stale answer.
    const latest = await sessionItem.getValue();
    if (latest?.token !== session.token || latest.orgId !== session.orgId) return null;
    await Promise.all([setBadge(result.badge), watchItem.setValue(result.state)]);
    const { notify } = await preferencesItem.getValue();
    if (notify) await Promise.all(result.notices.map(announce));
    return result.badge;
  } catch (error) {
    if (isSessionEnded(error)) {
      // The session itself is left for the popup or dashboard to end, so they can say why.
      await Promise.all([watchItem.setValue(null), setBadge('')]);
      return '';
    }
    return null;
  }
}
