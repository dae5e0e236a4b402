// @vitest-environment happy-dom
// The actions of the session list, driven through the list itself with the fake client.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { createFakeApiClient, fakeSession } from '../client/fake-api-client.ts';
import { SessionList } from './SessionList.tsx';

const now = () => Date.parse('2026-11-27T12:00:00.000Z');

function twoDevices() {
  return [fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }), fakeSession('sess-win')];
}

async function confirmSignOut(buttonName: string): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: buttonName }));
  fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out' }));
}

afterEach(cleanup);

describe('session list actions', () => {
  it('says a device was already signed out when the server no longer knows it', async () => {
    const fake = createFakeApiClient({ sessions: twoDevices() });
    fake.failNext('revokeSession', { code: 'SESSION_NOT_FOUND', message: 'No such session.', status: 404 });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);

    await confirmSignOut('Sign out Chrome on Windows');

    await screen.findByText('Chrome on Windows was already signed out.');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it('counts this device as signed out when its session was already over (401)', async () => {
    const fake = createFakeApiClient({ sessions: twoDevices() });
    fake.failNext('signOut', { code: 'UNAUTHORISED', message: 'There was no session to sign out of.', status: 401 });
    const onSignedOut = vi.fn();
    render(<SessionList client={fake.client} onSignedOut={onSignedOut} now={now} />);

    await confirmSignOut('Sign out of this device');

    await waitFor(() => expect(onSignedOut).toHaveBeenCalledOnce());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why this device could not be signed out, and stays', async () => {
    const fake = createFakeApiClient({ sessions: twoDevices() });
    fake.failNext('signOut', { code: 'SERVICE_UNAVAILABLE', message: 'Store down.', status: 503 });
    const onSignedOut = vi.fn();
    render(<SessionList client={fake.client} onSignedOut={onSignedOut} now={now} />);

    await confirmSignOut('Sign out of this device');

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not sign out. Session Control is busy or starting up. Try again in a moment.',
    );
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('does not retry when the password prompt is cancelled', async () => {
    const fake = createFakeApiClient({ sessions: twoDevices(), requireReauth: true });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Sign out of all other devices' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out all' }));
    const reauth = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    fireEvent.click(within(reauth).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls.filter((call) => call === 'revokeOtherSessions')).toHaveLength(1);
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });
});
