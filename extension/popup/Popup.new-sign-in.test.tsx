// @vitest-environment happy-dom
// Issue 12: the open popup asks "Was this you?" at once, redraws the badge, and names devices.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeApiClient, fakeSession } from '../../shared/client/fake-api-client.ts';
import { createExtensionStorage } from '../platform/extension-storage.ts';
import { FakeStorageArea } from '../platform/fake-storage-area.ts';
import { Popup } from './Popup.tsx';
import type { PopupDeps } from './popup-deps.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const user = { id: 'user-1', email: 'ada@example.com' };

function setup() {
  const sessions = [
    fakeSession('this-one', { current: true, deviceName: 'Chrome on Linux' }),
    fakeSession('phone', { deviceName: 'Safari on iOS' }),
  ];
  const fake = createFakeApiClient({ user, sessions });
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

describe('Popup, new sign-ins and names (issue 12)', () => {
  it('asks at once, caches the marked device for the badge, and acknowledges', async () => {
    const { fake, storage, requestBadgeRefresh } = setup();
    await screen.findByText('Safari on iOS');
    await waitFor(() => expect(fake.events.open).toBe(1));
    const session = fakeSession('stranger', {
      deviceName: 'Firefox on Windows',
      newDevice: true,
      createdAt: new Date().toISOString(),
      location: { countryCode: 'DE', country: 'Germany', city: 'Berlin', name: 'Berlin, Germany' },
    });
    fake.sessions.push(session);
    requestBadgeRefresh.mockClear();

    fake.events.newSignIn({ session });

    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('New sign-in: Firefox on Windows · Berlin, Germany · just now. Was this you?');
    // The list reloads and goes to the cache the badge is drawn from, and the badge is asked to redraw.
    await waitFor(async () => {
      const cached = await storage.getCachedAccount(ORIGIN);
      expect(cached?.sessions.find((known) => known.id === 'stranger')?.newDevice).toBe(true);
    });
    await waitFor(() => expect(requestBadgeRefresh).toHaveBeenCalled());

    fireEvent.click(within(banner).getByRole('button', { name: 'Yes, it was me' }));

    await screen.findByText('Thanks. Firefox on Windows stays signed in.');
    await waitFor(async () => {
      const cached = await storage.getCachedAccount(ORIGIN);
      expect(cached?.sessions.find((known) => known.id === 'stranger')?.newDevice).toBe(false);
    });
  });

  it('names a device from the popup list', async () => {
    const { fake } = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Rename Safari on iOS' }));
    const dialog = await screen.findByRole('dialog', { name: 'Name this device' });
    fireEvent.input(within(dialog).getByLabelText('Device name'), { target: { value: 'My phone' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save name' }));

    await screen.findByText('Named My phone.');
    expect(fake.calls).toContain('renameSession:phone:My phone');
    expect(screen.getByText('My phone', { selector: '.sc-session-name' })).toBeTruthy();
  });

  it('"No, sign it out" offers the password change, and the list loads again after it', async () => {
    const session = fakeSession('stranger', { deviceName: 'Firefox on Windows', newDevice: true });
    const { fake } = setup();
    fake.sessions.push(session);
    const banner = await screen.findByRole('alert');

    fireEvent.click(within(banner).getByRole('button', { name: 'No, sign it out' }));

    const offer = (await screen.findByRole('heading', { name: 'Secure your account' })).closest(
      'section',
    ) as HTMLElement;
    expect(fake.calls).toContain('revokeSession:stranger');
    fireEvent.input(within(offer).getByLabelText('Current password'), { target: { value: 'correct horse battery' } });
    fireEvent.input(within(offer).getByLabelText('New password'), { target: { value: 'a much newer one' } });
    // The list has loaded again after the sign-out (the row is gone) before the count starts.
    await waitFor(() => expect(screen.queryByText('Firefox on Windows', { selector: '.sc-session-name' })).toBeNull());
    await waitFor(() => expect(document.querySelector('.sc-session-list')?.getAttribute('aria-busy')).toBe('false'));
    const listsBefore = fake.calls.filter((call) => call === 'listSessions').length;
    fireEvent.click(within(offer).getByRole('button', { name: 'Change password' }));

    await within(offer).findByText(/^Password changed/);
    await waitFor(() =>
      expect(fake.calls.filter((call) => call === 'listSessions').length).toBeGreaterThan(listsBefore),
    );
    expect(fake.calls.indexOf('changePassword')).toBeLessThan(fake.calls.lastIndexOf('listSessions'));
  });
});
