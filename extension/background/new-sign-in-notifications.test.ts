import { describe, expect, it, vi } from 'vitest';
import { createFakeApiClient, fakeSession } from '../../shared/client/fake-api-client.ts';
import { createExtensionStorage } from '../platform/extension-storage.ts';
import { FakeStorageArea } from '../platform/fake-storage-area.ts';
import type { NotificationRequest } from '../platform/notifications.ts';
import type { BadgeState } from './badge-state.ts';
import { answerNotification, createNewSignInNotifier, notificationIdFor } from './new-sign-in-notifications.ts';
import { drawBadgeFromCache, refreshBadgeFromServer } from './refresh-badge.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const user = { id: 'user-1', email: 'ada@example.com' };
const nowMs = Date.parse('2026-12-01T12:00:00.000Z');
const berlin = { countryCode: 'DE', country: 'Germany', city: 'Berlin', name: 'Berlin, Germany' };

function setup() {
  const stranger = fakeSession('stranger', {
    deviceName: 'Firefox on Windows',
    newDevice: true,
    location: berlin,
    createdAt: '2026-12-01T11:59:30.000Z',
  });
  const fake = createFakeApiClient({ user, sessions: [fakeSession('me', { current: true }), stranger] });
  const local = new FakeStorageArea();
  const storage = createExtensionStorage({ local, session: new FakeStorageArea() });
  const shown: NotificationRequest[] = [];
  const badges: BadgeState[] = [];
  const notify = createNewSignInNotifier({
    storage,
    showNotification: async (request) => void shown.push(request),
    now: () => nowMs,
  });
  const deps = {
    storage,
    createClient: () => fake.client,
    hasHostAccess: async () => true,
    setBadge: async (state: BadgeState) => void badges.push(state),
    notifyNewSignIns: notify,
  };
  return { fake, storage, local, shown, badges, deps, notify };
}

describe('new sign-in notifications', () => {
  it('on the alarm: raises the badge alert and notifies once per session, across wake-ups', async () => {
    const { deps, shown, badges, storage, fake } = setup();

    await refreshBadgeFromServer(deps);
    await Promise.all([refreshBadgeFromServer(deps), drawBadgeFromCache(deps)]);

    expect(badges.at(-1)).toEqual({
      text: '!',
      colour: '#c5221f',
      title: 'New sign-in on Firefox on Windows — open to review',
    });
    expect(shown).toEqual([
      {
        id: 'new-sign-in:stranger',
        title: 'New sign-in. Was this you?',
        message: 'Firefox on Windows · Berlin, Germany · just now',
      },
    ]);
    // A worker started afresh (after a browser restart) remembers it from storage.
    const again: NotificationRequest[] = [];
    const restarted = createNewSignInNotifier({
      storage,
      showNotification: async (request) => void again.push(request),
    });
    await restarted(ORIGIN, fake.sessions);
    expect(again).toEqual([]);
  });

  it('when the popup saved a list with a new device: the notification goes out on its redraw request', async () => {
    const { deps, shown, storage, fake } = setup();
    await storage.setCachedAccount(ORIGIN, { user, sessions: fake.sessions });

    await drawBadgeFromCache(deps);

    expect(shown.map((request) => request.id)).toEqual(['new-sign-in:stranger']);
    expect(fake.calls).toEqual([]);
  });

  it('notifies nothing for this device or devices already answered', async () => {
    const { notify, shown } = setup();
    await notify(ORIGIN, [fakeSession('me', { current: true, newDevice: true }), fakeSession('known')]);
    expect(shown).toEqual([]);
  });

  it('"Yes, it was me" acknowledges from the worker and clears the alert', async () => {
    const { deps, fake, badges } = setup();
    const cleared: string[] = [];
    const openPopup = vi.fn(async () => undefined);
    const answerDeps = {
      storage: deps.storage,
      createClient: () => fake.client,
      clearNotification: async (id: string) => void cleared.push(id),
      openPopup,
      refreshBadge: () => refreshBadgeFromServer(deps),
    };

    await answerNotification(answerDeps, notificationIdFor('stranger'), 'yes');

    expect(fake.calls).toContain('acknowledgeSession:stranger');
    expect(cleared).toEqual(['new-sign-in:stranger']);
    expect(openPopup).not.toHaveBeenCalled();
    expect(badges.at(-1)).toMatchObject({ text: '1', colour: '#2557c9' });
  });

  it('"No, sign it out" and a plain click open the popup, which may ask for the password', async () => {
    const { deps, fake } = setup();
    const openPopup = vi.fn(async () => undefined);
    const answerDeps = {
      storage: deps.storage,
      createClient: () => fake.client,
      clearNotification: async () => undefined,
      openPopup,
      refreshBadge: async () => undefined,
    };

    await answerNotification(answerDeps, notificationIdFor('stranger'), 'no');
    await answerNotification(answerDeps, notificationIdFor('stranger'), 'open');
    await answerNotification(answerDeps, 'someone-else', 'open');

    expect(openPopup).toHaveBeenCalledTimes(2);
    expect(fake.calls).toEqual([]);
  });
});
