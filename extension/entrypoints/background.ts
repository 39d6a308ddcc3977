import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { REFRESH_ALARM, REFRESH_MESSAGE, REFRESH_MINUTES, refreshBadge } from '../lib/badge';
import { sessionItem } from '../lib/storage';

/**
 * Keeps the toolbar badge (pending applications, for admins) and notifications current: on an
 * alarm, when the session changes, and when a page asks after a review.
 */
export default defineBackground(() => {
  void browser.alarms.get(REFRESH_ALARM).then((alarm) => {
    if (!alarm)
      void browser.alarms.create(REFRESH_ALARM, {
        periodInMinutes: REFRESH_MINUTES,
        delayInMinutes: REFRESH_MINUTES,
      });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void refreshBadge();
  });

  browser.runtime.onMessage.addListener((message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === REFRESH_MESSAGE.type)
      return refreshBadge().then(() => true);
    return undefined;
  });

  sessionItem.watch(() => void refreshBadge());

  browser.notifications.onClicked.addListener((id) => {
    void browser.notifications.clear(id);
    if (id.startsWith('applications-'))
      void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html#applications') });
  });

  void refreshBadge();
});
