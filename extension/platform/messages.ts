import type { Runtime } from 'webextension-polyfill';
import { getBrowser } from './browser-api.ts';

/** Sent by the popup and the options page after anything that may change the session list. */
export interface RefreshBadgeMessage {
  type: 'refresh-badge';
}

function isRefreshBadgeMessage(message: unknown): message is RefreshBadgeMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'refresh-badge';
}

/** Asks the background worker to redraw the badge. Never fails: a missing worker only means no badge update. */
export async function requestBadgeRefresh(): Promise<void> {
  const message: RefreshBadgeMessage = { type: 'refresh-badge' };
  try {
    await getBrowser().runtime.sendMessage(message);
  } catch {
    // "Receiving end does not exist" while the worker starts up; the alarm catches up later.
  }
}

/**
 * Runs `listener` for every badge-refresh request from the extension's own pages. The reply
 * resolves once the badge is drawn, so a sender that awaits it sees the new badge.
 */
export function onBadgeRefreshRequest(listener: () => Promise<void>): void {
  getBrowser().runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // Only our own pages may ask (no externally_connectable, but keep the check local and explicit).
    if (sender.id !== getBrowser().runtime.id || !isRefreshBadgeMessage(message)) return undefined;
    return listener().then(() => ({ ok: true }));
  });
}
