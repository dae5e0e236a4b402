// @vitest-environment happy-dom
// Issue 11: the open popup reacts by itself to the live event stream, and shows the last few ended.
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeApiClient, fakeEndedSession, fakeSession } from '../../shared/client/fake-api-client.ts';
import type { EndedSession } from '../../shared/schemas.ts';
import { createExtensionStorage } from '../platform/extension-storage.ts';
import { FakeStorageArea } from '../platform/fake-storage-area.ts';
import { Popup } from './Popup.tsx';
import type { PopupDeps } from './popup-deps.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const user = { id: 'user-1', email: 'ada@example.com' };

function setup(ended: EndedSession[] = []) {
  const sessions = [
    fakeSession('this-one', { current: true, deviceName: 'Chrome on Linux' }),
    fakeSession('phone', { deviceName: 'Safari on iOS' }),
  ];
  const fake = createFakeApiClient({ user, sessions, ended });
  const storage = createExtensionStorage({ local: new FakeStorageArea(), session: new FakeStorageArea() });
  const requestBadgeRefresh = vi.fn(async () => undefined);
  const deps: PopupDeps = {
    storage,
    createClient: () => fake.client,
    hasHostAccess: async () => true,
    requestBadgeRefresh,
    openOptionsPage: vi.fn(async () => undefined),
    requestHostAccess: vi.fn(async () => true),
    reload: vi.fn(),
  };
  render(<Popup deps={deps} origin={ORIGIN} cached={null} />);
  return { fake, storage, requestBadgeRefresh };
}

afterEach(cleanup);

describe('Popup, live (issue 11)', () => {
  it('shows why it was signed out, with no click, and forgets the cached list', async () => {
    const { fake, storage, requestBadgeRefresh } = setup();
    await screen.findByText('Safari on iOS');
    await waitFor(() => expect(fake.events.open).toBe(1));
    await waitFor(async () => expect(await storage.getCachedAccount(ORIGIN)).not.toBeNull());

    fake.events.sessionEnded({
      sessionId: 'this-one',
      endReason: 'ended_by_user',
      endedBy: { sessionId: 'win', deviceName: 'Chrome on Windows' },
    });

    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.getByRole('alert').textContent).toBe('Signed out from Chrome on Windows. Sign in again.');
    await waitFor(async () => expect(await storage.getCachedAccount(ORIGIN)).toBeNull());
    expect(requestBadgeRefresh).toHaveBeenCalled();
  });

  it('reloads the list, and saves it for the badge, on sessions-changed', async () => {
    const { fake, storage } = setup();
    await screen.findByText('Safari on iOS');
    await waitFor(() => expect(fake.events.open).toBe(1));

    fake.sessions = fake.sessions.filter((session) => session.id !== 'phone');
    fake.events.sessionsChanged({ sessionId: 'phone', change: 'ended' });

    await waitFor(() => expect(screen.queryByText('Safari on iOS')).toBeNull());
    await waitFor(async () => expect((await storage.getCachedAccount(ORIGIN))?.sessions).toHaveLength(1));
  });

  it('shows the last 3 signed out, in words, with a link to the page for the rest', async () => {
    const ended = [
      fakeEndedSession('e1', { deviceName: 'Edge on Windows', endReason: 'password_changed' }),
      fakeEndedSession('e2', { deviceName: 'Safari on iPhone', endReason: 'ended_by_operator' }),
      fakeEndedSession('e3', { deviceName: 'Firefox on Linux', endReason: 'theft_detected' }),
      fakeEndedSession('e4', { deviceName: 'Chrome on Android' }),
    ];
    const { fake } = setup(ended);

    const section = (await screen.findByRole('heading', { name: 'Recently signed out' })).closest('section')!;
    const rows = await within(section).findAllByRole('listitem');
    expect(rows.map((row) => row.querySelector('.sc-history-why')?.textContent)).toEqual([
      'Ended when the password was changed',
      'Signed out by an administrator',
      'Ended: someone reused an old sign-in token',
    ]);
    // Compact: no address in the popup.
    expect(section.textContent).not.toContain('198.51.100.4');
    const link = within(section).getByRole('link', { name: 'See all on the account security page' });
    expect(link.getAttribute('href')).toBe(`${ORIGIN}/account/security`);
    expect(within(section).queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(fake.calls).toContain('history');
  });
});
