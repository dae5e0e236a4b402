import type { ApiClient } from '../../shared/client/api-client.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';
import type { PublicSession } from '../../shared/schemas.ts';
import { badgeState } from './badge-state.ts';
import type { BadgeState } from './badge-state.ts';

/** What the badge refresh needs; passed in so that it runs against fakes in tests. */
export interface BadgeRefreshDeps {
  storage: ExtensionStorage;
  createClient(origin: string): ApiClient;
  hasHostAccess(origin: string): Promise<boolean>;
  setBadge(state: BadgeState): Promise<void>;
  /** Shows a notification for each new device not notified yet (new-sign-in-notifications.ts). */
  notifyNewSignIns?(origin: string, sessions: readonly PublicSession[]): Promise<void>;
}

/** Redraws the badge from what the popup last saved; no network (the popup just fetched it). */
export async function drawBadgeFromCache(deps: BadgeRefreshDeps): Promise<void> {
  const origin = await deps.storage.getServerOrigin();
  const cached = await deps.storage.getCachedAccount(origin);
  await deps.setBadge(badgeState(cached?.sessions ?? null));
  // The popup is open and just heard of a new sign-in: the notification goes out at once.
  if (cached) await deps.notifyNewSignIns?.(origin, cached.sessions);
}

/**
 * Fetches the session list and redraws the badge (on the alarm). A session that has ended
 * clears the cache and the badge; a server that cannot be reached leaves both as they are,
 * since being offline says nothing about the sessions.
 */
export async function refreshBadgeFromServer(deps: BadgeRefreshDeps): Promise<void> {
  const origin = await deps.storage.getServerOrigin();
  if (!(await deps.hasHostAccess(origin))) {
    await deps.setBadge(badgeState(null));
    return;
  }
  const client = deps.createClient(origin);
  const list = await client.listSessions();
  if (list.error) {
    if (list.error.status === 401) {
      await deps.storage.clearCachedAccount(origin);
      await deps.setBadge(badgeState(null));
    }
    return;
  }
  const cached = await deps.storage.getCachedAccount(origin);
  let user = cached?.user;
  if (user === undefined) {
    const me = await client.me();
    if (me.error) return;
    user = me.data.user;
  }
  await deps.storage.setCachedAccount(origin, { user, sessions: list.data.sessions });
  await deps.setBadge(badgeState(list.data.sessions));
  await deps.notifyNewSignIns?.(origin, list.data.sessions);
}
