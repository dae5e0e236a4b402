// @vitest-environment happy-dom
// Issue 12: "Was this you?" on the open page for a sign-in from a new device, answered from the
// banner or from the device's row.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeSession } from '../shared/client/fake-api-client.ts';
import type { FakeApiClient } from '../shared/client/fake-api-client.ts';
import { App } from './App.tsx';

const berlin = { countryCode: 'DE', country: 'Germany', city: 'Berlin', name: 'Berlin, Germany' };

function stranger(overrides: Parameters<typeof fakeSession>[1] = {}) {
  return fakeSession('sess-stranger', {
    deviceName: 'Firefox on Windows',
    createdAt: new Date().toISOString(),
    lastActiveAt: new Date().toISOString(),
    location: berlin,
    newDevice: true,
    deviceId: 'device-stranger',
    ...overrides,
  });
}

async function openPage(fake: FakeApiClient): Promise<void> {
  render(<App client={fake.client} />);
  await screen.findByText('Chrome on Windows');
  await waitFor(() => expect(fake.events.open).toBe(1));
}

function signInElsewhere(fake: FakeApiClient, newCountry?: boolean): void {
  const session = stranger();
  fake.sessions.push(session);
  fake.events.newSignIn(newCountry === undefined ? { session } : { session, newCountry });
}

function rowOf(name: string): HTMLElement {
  const row = screen
    .getAllByRole('listitem')
    .find((item) => item.querySelector('.sc-session-name')?.textContent === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

beforeEach(() => history.replaceState(null, '', '/account/security'));
afterEach(cleanup);

describe('dashboard, new sign-ins (issue 12)', () => {
  function devices() {
    return [
      fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }),
      fakeSession('sess-win', { deviceName: 'Chrome on Windows' }),
    ];
  }

  it('asks "Was this you?" at once, and "Yes, it was me" acknowledges and clears the marks', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    await openPage(fake);

    signInElsewhere(fake);

    const banner = await screen.findByRole('alert');
    expect(banner.querySelector('p')?.textContent).toBe(
      'New sign-in: Firefox on Windows · Berlin, Germany · just now. Was this you?',
    );
    // The list reloads too, and the new device's row is marked until answered.
    await waitFor(() => expect(within(rowOf('Firefox on Windows')).getByText('New device')).toBeTruthy());
    expect(within(rowOf('Firefox on Windows')).getByText(/Not confirmed yet/)).toBeTruthy();

    const yes = within(banner).getByRole('button', { name: 'Yes, it was me' });
    yes.focus();
    fireEvent.click(yes);

    const status = await screen.findByText('Thanks. Firefox on Windows stays signed in.');
    expect(status.getAttribute('role')).toBe('status');
    expect(fake.calls).toContain('acknowledgeSession:sess-stranger');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await waitFor(() => expect(within(rowOf('Firefox on Windows')).queryByText('New device')).toBeNull());
    expect(document.activeElement).toBe(status);
  });

  it('says when the sign-in came from a country the account has not used before', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    await openPage(fake);

    signInElsewhere(fake, true);

    expect((await screen.findByRole('alert')).textContent).toContain(
      'New sign-in from a country you have not used before: Firefox on Windows · Berlin, Germany · just now.',
    );
  });

  it('"No, sign it out" asks for the password when the server wants it, then offers the password change', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    await openPage(fake);
    signInElsewhere(fake);
    fake.failNext('revokeSession', { code: 'REAUTH_REQUIRED', message: 'Sign in again first.', status: 403 });

    fireEvent.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'No, sign it out' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Enter your password to sign out Firefox on Windows.')).toBeTruthy();
    fireEvent.input(within(dialog).getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    const heading = await screen.findByRole('heading', { name: 'Secure your account' });
    expect(document.activeElement).toBe(heading);
    expect(fake.calls.filter((call) => call === 'revokeSession:sess-stranger')).toHaveLength(2);
    expect(fake.sessions.map((session) => session.id)).toEqual(['sess-me', 'sess-win']);
    expect(screen.getByText('Signed out Firefox on Windows.')).toBeTruthy();
    const offer = heading.closest('section') as HTMLElement;
    expect((within(offer).getByLabelText('Also sign out my other devices') as HTMLInputElement).checked).toBe(true);
    expect(within(offer).getByRole('button', { name: 'Change password' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Firefox on Windows', { selector: '.sc-session-name' })).toBeNull());

    fireEvent.click(within(offer).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('heading', { name: 'Secure your account' })).toBeNull();
  });

  it('marks a new device found in the list on load, answerable from its row', async () => {
    const fake = createFakeApiClient({ sessions: [...devices(), stranger()] });
    await openPage(fake);

    const row = rowOf('Firefox on Windows');
    expect(within(row).getByText('New device')).toBeTruthy();
    // The banner asks too, for a device not answered for yet.
    expect(screen.getByRole('alert').textContent).toContain('New sign-in: Firefox on Windows');
    expect(within(rowOf('Chrome on Windows')).queryByText('New device')).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: 'No, sign it out' }));

    await screen.findByRole('heading', { name: 'Secure your account' });
    expect(fake.calls).toContain('revokeSession:sess-stranger');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('drops the question when another page answered it (the list shows it acknowledged)', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    await openPage(fake);
    signInElsewhere(fake);
    await screen.findByRole('alert');

    fake.sessions = fake.sessions.map((session) => ({ ...session, newDevice: false }));
    fake.events.sessionsChanged({ sessionId: 'sess-stranger', change: 'acknowledged' });

    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(fake.calls).not.toContain('acknowledgeSession:sess-stranger');
  });
});
