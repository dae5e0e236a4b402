// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SessionList } from './SessionList.tsx';
import { createFakeApiClient, fakeSession } from '../client/fake-api-client.ts';

const now = () => Date.parse('2026-11-27T12:00:00.000Z');

function threeDevices() {
  return [
    fakeSession('sess-old', {
      deviceName: 'Safari on iOS',
      lastActiveAt: '2026-11-25T12:00:00.000Z',
      device: {
        name: 'Safari on iOS',
        browser: 'Safari',
        browserVersion: '18',
        os: 'iOS',
        type: 'mobile',
        label: null,
      },
    }),
    fakeSession('sess-win', { deviceName: 'Chrome on Windows', lastActiveAt: '2026-11-27T09:00:00.000Z' }),
    fakeSession('sess-me', {
      current: true,
      lastActiveAt: '2026-11-27T11:59:30.000Z',
      device: {
        name: 'Firefox on Linux',
        browser: 'Firefox',
        browserVersion: '133',
        os: 'Linux',
        type: 'desktop',
        label: null,
      },
    }),
  ];
}

function rows(): HTMLElement[] {
  return screen.getAllByRole('listitem');
}

afterEach(cleanup);

describe('SessionList', () => {
  it('shows the current device first and marked, then others newest first', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);

    expect(screen.getByText('Loading your devices…')).toBeTruthy();
    await screen.findByText('Firefox on Linux');

    const names = rows().map((row) => row.querySelector('.sc-session-name')?.textContent);
    expect(names).toEqual(['Firefox on Linux', 'Chrome on Windows', 'Safari on iOS']);
    expect(within(rows()[0]!).getByText('This device')).toBeTruthy();
    expect(within(rows()[1]!).queryByText('This device')).toBeNull();
    expect(within(rows()[1]!).getByText('3 hours ago')).toBeTruthy();
    expect(within(rows()[0]!).getByText('Active now')).toBeTruthy();
    const lastActive = within(rows()[1]!).getByText('3 hours ago');
    expect(lastActive.tagName).toBe('TIME');
    expect(lastActive.getAttribute('datetime')).toBe('2026-11-27T09:00:00.000Z');
    expect(lastActive.getAttribute('title')).toBeTruthy();
    expect(within(rows()[1]!).getByText('203.0.113.7')).toBeTruthy();
  });

  it('names the device in the confirmation and removes it from the list after signing it out', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    const onSessionsChange = vi.fn();
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} onSessionsChange={onSessionsChange} now={now} />);
    await screen.findByText('Chrome on Windows');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out Chrome on Windows' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Sign out Chrome on Windows?')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    await screen.findByText('Signed out Chrome on Windows.');
    expect(screen.queryByText('Chrome on Windows')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls).toContain('revokeSession:sess-win');
    expect(onSessionsChange).toHaveBeenLastCalledWith([
      expect.objectContaining({ id: 'sess-me' }),
      expect.objectContaining({ id: 'sess-old' }),
    ]);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);
    await screen.findByText('Chrome on Windows');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out Chrome on Windows' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Chrome on Windows')).toBeTruthy();
    expect(fake.calls).not.toContain('revokeSession:sess-win');
  });

  it('gives the count when signing out of all other devices, then shows only this one', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);
    await screen.findByText('Chrome on Windows');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out of all other devices' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Sign out of 2 other devices?')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign out all' }));

    await screen.findByText('This is the only device signed in.');
    expect(rows()).toHaveLength(1);
    expect(screen.getByText(/Signed out of 2 other devices\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out of all other devices' })).toBeNull();
  });

  it('says when to retry when the server answers 429', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    fake.failNext('revokeSession', {
      code: 'RATE_LIMITED',
      message: 'Too many requests.',
      status: 429,
      retryAfterSeconds: 300,
    });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);
    await screen.findByText('Chrome on Windows');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out Chrome on Windows' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not sign out Chrome on Windows. Too many attempts. Try again in 5 minutes.');
    expect(screen.getByText('Chrome on Windows')).toBeTruthy();
  });

  it('asks for the password when the server wants a recent sign-in, then retries', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices(), requireReauth: true, password: 'open sesame' });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);
    await screen.findByText('Chrome on Windows');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out of all other devices' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out all' }));

    const reauth = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    expect(within(reauth).getByText('Enter your password to sign out of your other devices.')).toBeTruthy();
    fireEvent.input(within(reauth).getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(within(reauth).getByRole('button', { name: 'Confirm' }));
    expect((await within(reauth).findByRole('alert')).textContent).toBe('That password is not right.');

    fireEvent.input(within(reauth).getByLabelText('Password'), { target: { value: 'open sesame' } });
    fireEvent.click(within(reauth).getByRole('button', { name: 'Confirm' }));

    await screen.findByText('This is the only device signed in.');
    expect(fake.calls.filter((call) => call === 'revokeOtherSessions')).toHaveLength(2);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows markup in a device name as text', async () => {
    const markup = '<img src=x onerror=alert(1)>';
    const fake = createFakeApiClient({
      sessions: [
        fakeSession('sess-me', { current: true }),
        fakeSession('sess-evil', {
          device: { name: markup, browser: markup, browserVersion: null, os: null, type: 'unknown', label: null },
        }),
      ],
    });
    const { container } = render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);

    expect(await screen.findByText(markup)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  it('credits the country data under a list that shows a looked-up place, and only then (issue 12)', async () => {
    const berlin = { countryCode: 'DE', country: 'Germany', city: null, name: 'Germany' };
    const local = { countryCode: null, country: null, city: null, name: 'Local network' };
    const fake = createFakeApiClient({
      sessions: [
        fakeSession('sess-me', { current: true, location: local }),
        fakeSession('sess-de', { location: berlin }),
      ],
    });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);
    expect(await screen.findByText(/^Germany/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'NRO' }).getAttribute('href')).toBe('https://www.nro.net/');
    expect(screen.getByText(/CC BY 4\.0/)).toBeTruthy();
    cleanup();

    const localOnly = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true, location: local })] });
    render(<SessionList client={localOnly.client} onSignedOut={vi.fn()} now={now} />);
    expect(await screen.findByText(/Local network/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'NRO' })).toBeNull();
  });

  it('paints cached sessions at once and reports the fresh list', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    const release = fake.hold('listSessions');
    const onSessionsChange = vi.fn();
    render(
      <SessionList
        client={fake.client}
        initialSessions={[fakeSession('sess-me', { current: true, deviceName: 'Cached' })]}
        onSessionsChange={onSessionsChange}
        onSignedOut={vi.fn()}
        now={now}
      />,
    );

    expect(screen.getByText('Cached')).toBeTruthy();
    expect(screen.queryByText('Loading your devices…')).toBeNull();
    release();
    await screen.findByText('Safari on iOS');
    expect(screen.queryByText('Cached')).toBeNull();
    expect(onSessionsChange).toHaveBeenCalledWith(
      expect.arrayContaining([expect.objectContaining({ id: 'sess-old' })]),
    );
  });

  it('shows why loading failed and loads again on Retry', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    fake.failNext('listSessions', { code: 'SERVICE_UNAVAILABLE', message: 'Store down.', status: 503 });
    render(<SessionList client={fake.client} onSignedOut={vi.fn()} now={now} />);

    expect((await screen.findByRole('alert')).textContent).toContain('Session Control is busy or starting up.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    await screen.findByText('Chrome on Windows');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reports the session ended instead of an error when the server says so', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    const onSignedOut = vi.fn();
    // One channel (issue 10): the client's onSessionEnded, not a prop of the list as well.
    const onSessionEnded = vi.fn();
    fake.client.onSessionEnded(onSessionEnded);
    render(<SessionList client={fake.client} onSignedOut={onSignedOut} now={now} />);
    await screen.findByText('Chrome on Windows');
    fake.failNext('revokeSession', { code: 'UNAUTHORISED', message: 'Session ended.', status: 401 });

    fireEvent.click(screen.getByRole('button', { name: 'Sign out Chrome on Windows' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(onSessionEnded).toHaveBeenCalledWith('UNAUTHORISED'));
    expect(onSessionEnded).toHaveBeenCalledOnce();
    expect(onSignedOut).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks before signing this device out, and does nothing on cancel', async () => {
    const fake = createFakeApiClient({ sessions: threeDevices() });
    const onSignedOut = vi.fn();
    render(<SessionList client={fake.client} onSignedOut={onSignedOut} now={now} />);
    await screen.findByText('Firefox on Linux');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out of this device' }));
    expect(screen.getByText('Sign out of this device?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.calls).not.toContain('signOut');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out of this device' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(onSignedOut).toHaveBeenCalledOnce());
    expect(fake.calls).toContain('signOut');
  });

  it('shows the tenant of each session when listing all tenants, and offers sign-out only in this tenant', async () => {
    const fake = createFakeApiClient({
      sessions: [fakeSession('sess-me', { current: true }), fakeSession('sess-acme', { tenantId: 'acme' })],
    });
    render(<SessionList client={fake.client} allTenants onSignedOut={vi.fn()} now={now} />);

    expect(await screen.findByText('acme')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Sign out/ }).map((button) => button.textContent)).toEqual([
      'Sign out of this device',
    ]);
  });
});
