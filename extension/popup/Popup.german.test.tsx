// @vitest-environment happy-dom
// Issue 13 point 9: a German browser gets the popup, its badge words and the settings page in German.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApiClient, fakeSession } from '../../shared/client/fake-api-client.ts';
import { pickLocale, setLocale } from '../../shared/i18n/index.ts';
import { badgeState } from '../background/badge-state.ts';
import { newSignInNotification } from '../background/new-sign-in-notifications.ts';
import { Options } from '../options/Options.tsx';
import { createExtensionStorage } from '../platform/extension-storage.ts';
import { FakeStorageArea } from '../platform/fake-storage-area.ts';
import { Popup } from './Popup.tsx';
import type { PopupDeps } from './popup-deps.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const user = { id: 'user-1', email: 'ada@example.com' };
const me = fakeSession('this-one', { current: true, deviceName: 'Chrome on Linux' });
const phone = fakeSession('phone', { deviceName: 'Safari on iOS' });

function popupDeps(): PopupDeps {
  const fake = createFakeApiClient({ user, sessions: [me, phone] });
  return {
    storage: createExtensionStorage({ local: new FakeStorageArea(), session: new FakeStorageArea() }),
    createClient: () => fake.client,
    hasHostAccess: async () => true,
    requestBadgeRefresh: vi.fn(async () => undefined),
    openOptionsPage: vi.fn(async () => undefined),
    requestHostAccess: vi.fn(async () => true),
    reload: vi.fn(),
  };
}

// What the popup, options and worker entry points do in a browser set to Austrian German.
beforeEach(() => setLocale(pickLocale(['de-AT', 'en'])));
afterEach(() => {
  cleanup();
  setLocale('en');
});

describe('the extension in German', () => {
  it('shows the popup in German', async () => {
    render(<Popup deps={popupDeps()} origin={ORIGIN} cached={null} />);

    expect(await screen.findByText('1 anderes Gerät angemeldet')).toBeTruthy();
    expect(screen.getByText(/Angemeldet als/)).toBeTruthy();
    expect(await screen.findByText('Dieses Gerät')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Safari on iOS abmelden' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Alle anderen Geräte abmelden' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Seite „Kontosicherheit“ öffnen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Einstellungen' })).toBeTruthy();
  });

  it('words the badge and the new sign-in notification in German', () => {
    expect(badgeState([me, phone]).title).toBe('1 anderes Gerät angemeldet');
    expect(badgeState([me, phone, { ...phone, id: 'tablet' }]).title).toBe('2 andere Geräte angemeldet');
    const stranger = fakeSession('stranger', { deviceName: 'Firefox on Windows', newDevice: true });
    expect(badgeState([me, stranger]).title).toBe('Neue Anmeldung auf Firefox on Windows – zum Prüfen öffnen');
    expect(newSignInNotification(stranger, Date.parse(stranger.createdAt)).title).toBe(
      'Neue Anmeldung. Waren Sie das?',
    );
    expect(newSignInNotification(stranger, Date.parse(stranger.createdAt)).message).toMatch(/gerade eben$/);
  });

  it('shows the settings page and its address errors in German', async () => {
    const deps = popupDeps();
    render(<Options deps={deps} />);

    expect(screen.getByRole('heading', { name: 'Einstellungen von Session Control' })).toBeTruthy();
    const address = screen.getByLabelText('Serveradresse');
    fireEvent.input(address, { target: { value: 'ftp://example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern und testen' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Nur Serveradressen mit http:// und https:// werden unterstützt.',
    );
  });
});
