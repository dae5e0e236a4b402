// @vitest-environment happy-dom
// Issue 13 point 9: a German browser gets the whole page in German.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeSession } from '../shared/client/fake-api-client.ts';
import { pickLocale, setLocale } from '../shared/i18n/index.ts';
import { App } from './App.tsx';

function devices() {
  return [
    fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }),
    fakeSession('sess-win', { deviceName: 'Chrome on Windows' }),
  ];
}

beforeEach(() => {
  history.replaceState(null, '', '/');
  // What dashboard/main.tsx does in a browser whose languages are German first.
  setLocale(pickLocale(['de-DE', 'de', 'en-US']));
});
afterEach(() => {
  cleanup();
  setLocale('en');
});

describe('dashboard in German', () => {
  it('shows the security page, its rows and its title in German', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);

    await screen.findByRole('heading', { name: 'Kontosicherheit' });
    await waitFor(() => expect(document.title).toBe('Kontosicherheit · Session Control'));
    expect(await screen.findByRole('heading', { name: 'Ihre Geräte (2)' })).toBeTruthy();
    expect(screen.getByText('Dieses Gerät')).toBeTruthy();
    expect(screen.getByText('Gerade aktiv')).toBeTruthy();
    // The fake sessions were last used days ago: "vor 5 Tagen", never "5 days ago".
    const times = [...document.querySelectorAll('time')].map((time) => time.textContent ?? '');
    expect(times.some((text) => text.startsWith('vor '))).toBe(true);
    for (const text of times) expect(text).not.toMatch(/ago|yesterday|last/);
    expect(screen.getByRole('button', { name: 'Dieses Gerät abmelden' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Alle anderen Geräte abmelden' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Kürzlich abgemeldet' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Passwort ändern' })).toBeTruthy();
    expect(screen.queryByText(/Sign out|Your devices|This device/)).toBeNull();
  });

  it('asks and confirms a sign-out in German', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Chrome on Windows abmelden' }));
    const dialog = await screen.findByRole('dialog', { name: 'Chrome on Windows abmelden?' });
    expect(within(dialog).getByText('Wer das Gerät benutzt, muss sich erneut anmelden.')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Abmelden' }));

    expect(await screen.findByText('Chrome on Windows wurde abgemeldet.')).toBeTruthy();
    expect(await screen.findByText('Nur dieses Gerät ist angemeldet.')).toBeTruthy();
  });

  it('shows the sign-in form and its errors in German', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'No session.', status: 401 });
    render(<App client={fake.client} />);

    await screen.findByRole('heading', { name: 'Anmelden' });
    await waitFor(() => expect(document.title).toBe('Anmelden · Session Control'));
    fireEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Geben Sie Ihre E-Mail-Adresse ein.');
    expect(screen.getByLabelText('Passwort')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Passwort vergessen?' })).toBeTruthy();
  });
});
