import type { Notifications } from 'webextension-polyfill';
import { TARGET_BROWSER } from '../build-flags.ts';
import { getBrowser } from './browser-api.ts';
import { t } from '../../shared/i18n/index.ts';

/** A system notification the extension shows. */
export interface NotificationRequest {
  /** Stable per subject: showing the same id again replaces the notification instead of adding one. */
  id: string;
  title: string;
  message: string;
}

/** How the person answered a notification: one of Chrome's two buttons, or a click on it. */
export type NotificationAnswer = 'yes' | 'no' | 'open';

/** The two answers, in button order; Chrome only (Firefox notifications have no buttons). */
const buttons = (): { title: string }[] => [{ title: t.yesItWasMe }, { title: t.noSignItOut }];

/** Shows a notification with the "Was this you?" buttons where the browser has them. */
export async function showNotification(request: NotificationRequest): Promise<void> {
  const { notifications, runtime } = getBrowser();
  const options: Notifications.CreateNotificationOptions & { buttons?: { title: string }[] } = {
    type: 'basic',
    iconUrl: runtime.getURL('extension/icons/icon-128.png'),
    title: request.title,
    message: request.message,
    priority: 2,
  };
  // Firefox refuses a notification that has `buttons`: it gets the click instead.
  if (TARGET_BROWSER === 'chrome') options.buttons = buttons();
  await notifications.create(request.id, options);
}

/** Removes a notification (after it was answered). */
export async function clearNotification(id: string): Promise<void> {
  await getBrowser().notifications.clear(id);
}

/** Calls `listener` for every click on one of the extension's notifications or their buttons. */
export function onNotificationAnswer(listener: (id: string, answer: NotificationAnswer) => void): void {
  const { notifications } = getBrowser();
  notifications.onClicked.addListener((id) => listener(id, 'open'));
  notifications.onButtonClicked.addListener((id, buttonIndex) => listener(id, buttonIndex === 0 ? 'yes' : 'no'));
}
