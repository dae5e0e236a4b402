import type { ApiClient } from '../../shared/client/api-client.ts';
import { newSignInFacts } from '../../shared/format/new-sign-in.ts';
import type { PublicSession } from '../../shared/schemas.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';
import type { NotificationAnswer, NotificationRequest } from '../platform/notifications.ts';
import { unansweredNewDevices } from './badge-state.ts';
import { t } from '../../shared/i18n/index.ts';

const ID_PREFIX = 'new-sign-in:';

/** The notification id for one session; the same session always gets the same one. */
export function notificationIdFor(sessionId: string): string {
  return `${ID_PREFIX}${sessionId}`;
}

/** What a "new sign-in" notification looks like for `session`. */
export function newSignInNotification(session: PublicSession, nowMs: number): NotificationRequest {
  return {
    id: notificationIdFor(session.id),
    title: t.notificationTitle,
    message: newSignInFacts(session, nowMs),
  };
}

export interface NotifierDeps {
  storage: ExtensionStorage;
  showNotification(request: NotificationRequest): Promise<void>;
  now?: () => number;
}

/**
 * Shows one notification per session from a device new to the account, never twice for the same
 * session (remembered in extension storage, across restarts). Calls run one after the other, so
 * that the alarm and the popup waking the worker at once do not both notify.
 */
export function createNewSignInNotifier(
  deps: NotifierDeps,
): (origin: string, sessions: readonly PublicSession[]) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  const now = deps.now ?? Date.now;
  async function notify(origin: string, sessions: readonly PublicSession[]): Promise<void> {
    const notified = new Set(await deps.storage.getNotifiedSignIns(origin));
    const fresh = unansweredNewDevices(sessions).filter((session) => !notified.has(session.id));
    if (fresh.length === 0) return;
    // Remembered before showing: a notification that fails to show is not retried on every alarm.
    await deps.storage.addNotifiedSignIns(
      origin,
      fresh.map((session) => session.id),
    );
    for (const session of fresh)
      await deps.showNotification(newSignInNotification(session, now())).catch(() => undefined);
  }
  return (origin, sessions) => {
    queue = queue.then(() => notify(origin, sessions)).catch(() => undefined);
    return queue;
  };
}

export interface AnswerDeps {
  storage: ExtensionStorage;
  createClient(origin: string): ApiClient;
  clearNotification(id: string): Promise<void>;
  openPopup(): Promise<void>;
  /** Redraws the badge from the server after an answer. */
  refreshBadge(): Promise<void>;
}

/**
 * An answer to a "new sign-in" notification. "Yes, it was me" acknowledges from here; "No, sign
 * it out" and a plain click open the popup, since ending a session may need the password.
 */
export async function answerNotification(deps: AnswerDeps, id: string, answer: NotificationAnswer): Promise<void> {
  if (!id.startsWith(ID_PREFIX)) return;
  const sessionId = id.slice(ID_PREFIX.length);
  await deps.clearNotification(id).catch(() => undefined);
  if (answer !== 'yes') {
    await deps.openPopup();
    return;
  }
  const origin = await deps.storage.getServerOrigin();
  const result = await deps.createClient(origin).acknowledgeSession(sessionId);
  // Not saved (offline, signed out): the popup asks again.
  if (result.error && result.error.code !== 'SESSION_NOT_FOUND') await deps.openPopup();
  await deps.refreshBadge();
}
