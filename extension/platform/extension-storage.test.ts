import { describe, expect, it } from 'vitest';
import { createExtensionStorage, DEFAULT_SERVER_ORIGIN } from './extension-storage.ts';
import { FakeStorageArea } from './fake-storage-area.ts';
import type { PublicSession } from '../../shared/schemas.ts';

const user = { id: 'user-1', email: 'ada@example.org' };
const session: PublicSession = {
  id: 'session-1',
  current: true,
  tenantId: 'public',
  createdAt: '2026-11-27T10:00:00.000Z',
  lastActiveAt: '2026-11-27T10:05:00.000Z',
  expiresAt: '2026-12-27T10:00:00.000Z',
  device: {
    name: 'Chrome on Linux',
    browser: 'Chrome',
    browserVersion: '156',
    os: 'Linux',
    type: 'desktop',
    label: null,
  },
  ip: '127.0.0.1',
  client: 'web',
  deviceId: null,
  location: null,
  newDevice: false,
};
const tokens = { accessToken: 'access', refreshToken: 'refresh', accessTokenExpiresAt: '2026-11-27T10:15:00.000Z' };
const fixedClock = () => new Date('2026-11-27T11:00:00.000Z');

describe('extension storage', () => {
  it('uses the default local server until another one is saved', async () => {
    const local = new FakeStorageArea();
    const storage = createExtensionStorage({ local });
    expect(await storage.getServerOrigin()).toBe(DEFAULT_SERVER_ORIGIN);
    await storage.setServerOrigin('https://sessions.example.org');
    expect(await storage.getServerOrigin()).toBe('https://sessions.example.org');
    // A second instance (another page of the extension) sees the same value.
    expect(await createExtensionStorage({ local }).getServerOrigin()).toBe('https://sessions.example.org');
  });

  it('keeps the cached account in session storage when the browser has it, not on disk', async () => {
    const local = new FakeStorageArea();
    const session_ = new FakeStorageArea();
    const storage = createExtensionStorage({ local, session: session_ }, fixedClock);
    await storage.setCachedAccount('http://127.0.0.1:3000', { user, sessions: [session] });
    expect(await storage.getCachedAccount('http://127.0.0.1:3000')).toEqual({
      user,
      sessions: [session],
      savedAt: '2026-11-27T11:00:00.000Z',
    });
    expect(local.items.size).toBe(0);
    expect(session_.items.size).toBe(1);
  });

  it('falls back to local storage for the cache in browsers without session storage', async () => {
    const local = new FakeStorageArea();
    const storage = createExtensionStorage({ local }, fixedClock);
    await storage.setCachedAccount('http://127.0.0.1:3000', { user, sessions: [session] });
    expect((await storage.getCachedAccount('http://127.0.0.1:3000'))?.sessions).toEqual([session]);
    expect(local.items.size).toBe(1);
  });

  it('keeps one cache per server and clears only the one asked for', async () => {
    const storage = createExtensionStorage(
      { local: new FakeStorageArea(), session: new FakeStorageArea() },
      fixedClock,
    );
    await storage.setCachedAccount('http://127.0.0.1:3000', { user, sessions: [session] });
    await storage.setCachedAccount('https://sessions.example.org', { user, sessions: [] });
    await storage.clearCachedAccount('http://127.0.0.1:3000');
    expect(await storage.getCachedAccount('http://127.0.0.1:3000')).toBeNull();
    expect((await storage.getCachedAccount('https://sessions.example.org'))?.sessions).toEqual([]);
  });

  it('treats a damaged or outdated cache entry as absent instead of failing', async () => {
    const session_ = new FakeStorageArea();
    session_.items.set('cachedAccount:http://127.0.0.1:3000', { user, sessions: [{ id: 'x' }], savedAt: 'yesterday' });
    const storage = createExtensionStorage({ local: new FakeStorageArea(), session: session_ });
    expect(await storage.getCachedAccount('http://127.0.0.1:3000')).toBeNull();
  });

  it('treats a stored server origin of the wrong type as unset', async () => {
    const local = new FakeStorageArea();
    local.items.set('serverOrigin', 42);
    expect(await createExtensionStorage({ local }).getServerOrigin()).toBe(DEFAULT_SERVER_ORIGIN);
  });

  it('stores header-mode tokens per server in local storage and forgets them on sign-out', async () => {
    const local = new FakeStorageArea();
    const session_ = new FakeStorageArea();
    const storage = createExtensionStorage({ local, session: session_ });
    const tokenStore = storage.tokenStore('http://127.0.0.1:3000');
    expect(await tokenStore.get()).toBeNull();
    await tokenStore.set(tokens);
    expect(await tokenStore.get()).toEqual(tokens);
    expect(await storage.tokenStore('https://sessions.example.org').get()).toBeNull();
    expect(session_.items.size).toBe(0);
    await tokenStore.clear();
    expect(await tokenStore.get()).toBeNull();
    expect(local.items.size).toBe(0);
  });

  it('keeps the device token per server in local storage when the tokens are forgotten (issue 12)', async () => {
    const local = new FakeStorageArea();
    const storage = createExtensionStorage({ local, session: new FakeStorageArea() });
    const tokenStore = storage.tokenStore('http://127.0.0.1:3000');
    await tokenStore.set(tokens);
    await tokenStore.setDeviceToken?.('device-secret');
    await tokenStore.clear();
    expect(await tokenStore.getDeviceToken?.()).toBe('device-secret');
    expect(await storage.tokenStore('https://sessions.example.org').getDeviceToken?.()).toBeNull();
  });

  it('remembers notified sign-ins per server, once each, across instances', async () => {
    const local = new FakeStorageArea();
    const storage = createExtensionStorage({ local });
    await storage.addNotifiedSignIns('http://127.0.0.1:3000', ['a', 'b']);
    await storage.addNotifiedSignIns('http://127.0.0.1:3000', ['b', 'c']);
    expect(await createExtensionStorage({ local }).getNotifiedSignIns('http://127.0.0.1:3000')).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(await storage.getNotifiedSignIns('https://sessions.example.org')).toEqual([]);
  });
});
