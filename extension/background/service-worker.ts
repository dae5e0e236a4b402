// The background service worker (an event page in Firefox): keeps the toolbar badge showing how
// many other devices are signed in, or an alert while a new device waits for "Was this you?", and
// shows a notification for each such sign-in. It wakes on the alarm, on messages from the popup, on
// clicks on its notifications, and when the server's cookies change (a sign-in or sign-out in a
// dashboard tab of this browser).
import { chooseBrowserLocale } from '../../shared/i18n/index.ts';
import { createExtensionClient } from '../extension-client.ts';
import { ensureRepeatingAlarm, onAlarm, onExtensionStart } from '../platform/alarms.ts';
import { setBadge } from '../platform/badge.ts';
import { getExtensionStorage } from '../platform/browser-api.ts';
import { onServerCookieChange } from '../platform/cookie-changes.ts';
import { hasHostAccess } from '../platform/host-access.ts';
import { onBadgeRefreshRequest } from '../platform/messages.ts';
import { clearNotification, onNotificationAnswer, showNotification } from '../platform/notifications.ts';
import { openPopup } from '../platform/open-popup.ts';
import { answerNotification, createNewSignInNotifier } from './new-sign-in-notifications.ts';
import { drawBadgeFromCache, refreshBadgeFromServer } from './refresh-badge.ts';
import type { BadgeRefreshDeps } from './refresh-badge.ts';

// Badge titles and notifications speak the browser's language.
chooseBrowserLocale();

const BADGE_ALARM = 'refresh-badge';
const BADGE_REFRESH_MINUTES = 5;

const storage = getExtensionStorage();
const createClient = (origin: string) => createExtensionClient(origin, storage);
const deps: BadgeRefreshDeps = {
  storage,
  createClient,
  hasHostAccess,
  setBadge,
  notifyNewSignIns: createNewSignInNotifier({ storage, showNotification }),
};

// Listeners are registered synchronously at start-up, as MV3 requires to be woken by them.
onAlarm(BADGE_ALARM, () => {
  void refreshBadgeFromServer(deps);
});
onBadgeRefreshRequest(() => drawBadgeFromCache(deps));
onServerCookieChange(
  () => storage.getServerOrigin(),
  () => void refreshBadgeFromServer(deps),
);
onNotificationAnswer((id, answer) => {
  void answerNotification(
    { storage, createClient, clearNotification, openPopup, refreshBadge: () => refreshBadgeFromServer(deps) },
    id,
    answer,
  );
});
onExtensionStart(() => {
  void refreshBadgeFromServer(deps);
});
void ensureRepeatingAlarm(BADGE_ALARM, BADGE_REFRESH_MINUTES);
