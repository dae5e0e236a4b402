import { describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeSession } from '../../shared/client/fake-api-client.ts';
import type { FakeApiClient } from '../../shared/client/fake-api-client.ts';
import { createExtensionStorage } from '../platform/extension-storage.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';
import { FakeStorageArea } from '../platform/fake-storage-area.ts';
import { drawBadgeFromCache, refreshBadgeFromServer } from './refresh-badge.ts';
import type { BadgeRefreshDeps } from './refresh-badge.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const user = { id: 'user-1', email: 'ada@example.com' };

function setup(options: { access?: boolean } = {}): {
  deps: BadgeRefreshDeps;
  fake: FakeApiClient;
  storage: ExtensionStorage;
  badge: () => string | undefined;
  title: () => string | undefined;
} {
  const fake = createFakeApiClient({
    user,
    sessions: [fakeSession('me', { current: true }), fakeSession('phone'), fakeSession('laptop')],
  });
  const storage = createExtensionStorage({ local: new FakeStorageArea(), session: new FakeStorageArea() });
  let badge: string | undefined;
  let title: string | undefined;
  const deps: BadgeRefreshDeps = {
    storage,
    createClient: () => fake.client,
    hasHostAccess: async () => options.access ?? true,
    setBadge: async (state) => {
      badge = state.text;
      title = state.title;
    },
  };
  return { deps, fake, storage, badge: () => badge, title: () => title };
}

describe('refreshing the badge from the server', () => {
  it('shows how many other devices are signed in and caches the list for the popup', async () => {
    const { deps, storage, badge, title } = setup();
    await refreshBadgeFromServer(deps);
    expect(badge()).toBe('2');
    // The tooltip says what the number counts (issue 13 point 2).
    expect(title()).toBe('2 other devices signed in');
    const cached = await storage.getCachedAccount(ORIGIN);
    expect(cached?.user).toEqual(user);
    expect(cached?.sessions.map((session) => session.id)).toEqual(['me', 'phone', 'laptop']);
  });

  it('clears the badge and the cache when the session has ended', async () => {
    const { deps, fake, storage, badge, title } = setup();
    await storage.setCachedAccount(ORIGIN, { user, sessions: fake.sessions });
    fake.failNext('listSessions', { code: 'UNAUTHORISED', message: 'You are not signed in.', status: 401 });
    await refreshBadgeFromServer(deps);
    expect(badge()).toBe('');
    expect(title()).toBe('Session Control: not signed in');
    expect(await storage.getCachedAccount(ORIGIN)).toBeNull();
  });

  it('leaves badge and cache alone when the server cannot be reached', async () => {
    const { deps, fake, storage, badge } = setup();
    await storage.setCachedAccount(ORIGIN, { user, sessions: fake.sessions });
    fake.failNext('listSessions', { code: 'NETWORK_ERROR', message: 'offline', status: 0 });
    await refreshBadgeFromServer(deps);
    expect(badge()).toBeUndefined();
    expect((await storage.getCachedAccount(ORIGIN))?.sessions).toHaveLength(3);
  });

  it('shows no badge and asks nothing of the server without access to it', async () => {
    const { deps, fake, badge } = setup({ access: false });
    await refreshBadgeFromServer(deps);
    expect(badge()).toBe('');
    expect(fake.calls).toEqual([]);
  });
});

describe('drawing the badge from the cache', () => {
  it('counts the other devices in the list the popup saved, and shows nothing without one', async () => {
    const { deps, fake, storage, badge } = setup();
    await drawBadgeFromCache(deps);
    expect(badge()).toBe('');
    await storage.setCachedAccount(ORIGIN, { user, sessions: fake.sessions });
    await drawBadgeFromCache(deps);
    expect(badge()).toBe('2');
    expect(fake.calls).toEqual([]);
  });
});
