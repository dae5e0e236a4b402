import type { ApiClient } from '../../shared/client/api-client.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';
import { badgeText, badgeTitle } from './badge-text.ts';

/** What the badge refresh needs; passed in so that it runs against fakes in tests. */
export interface BadgeRefreshDeps {
  storage: ExtensionStorage;
  createClient(origin: string): ApiClient;
  hasHostAccess(origin: string): Promise<boolean>;
  setBadgeText(text: string): Promise<void>;
  /** The tooltip that says what the number counts ("3 other devices signed in"). */
  setBadgeTitle?(title: string): Promise<void>;
}

/** Draws the badge's number and its tooltip for `sessions` (null: nobody signed in). */
async function draw(deps: BadgeRefreshDeps, sessions: Parameters<typeof badgeText>[0]): Promise<void> {
  await deps.setBadgeText(badgeText(sessions));
  await deps.setBadgeTitle?.(badgeTitle(sessions));
}

/** Redraws the badge from what the popup last saved; no network (the popup just fetched it). */
export async function drawBadgeFromCache(deps: BadgeRefreshDeps): Promise<void> {
  const origin = await deps.storage.getServerOrigin();
  const cached = await deps.storage.getCachedAccount(origin);
  await draw(deps, cached?.sessions ?? null);
}

/**
 * Fetches the session list and redraws the badge (on the alarm). A session that has ended
 * clears the cache and the badge; a server that cannot be reached leaves both as they are,
 * since being offline says nothing about the sessions.
 */
export async function refreshBadgeFromServer(deps: BadgeRefreshDeps): Promise<void> {
  const origin = await deps.storage.getServerOrigin();
  if (!(await deps.hasHostAccess(origin))) {
    await draw(deps, null);
    return;
  }
  const client = deps.createClient(origin);
  const list = await client.listSessions();
  if (list.error) {
    if (list.error.status === 401) {
      await deps.storage.clearCachedAccount(origin);
      await draw(deps, null);
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
  await draw(deps, list.data.sessions);
}
