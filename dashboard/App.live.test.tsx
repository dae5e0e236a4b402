// @vitest-environment happy-dom
// Issue 11: the open page reacts by itself to the live event stream, and shows the history.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeEndedSession, fakeSession } from '../shared/client/fake-api-client.ts';
import { App } from './App.tsx';

function devices() {
  return [
    fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }),
    fakeSession('sess-win', { deviceName: 'Chrome on Windows' }),
  ];
}

function ended(count: number) {
  return Array.from({ length: count }, (_, index) =>
    fakeEndedSession(`ended-${index}`, { deviceName: `Old phone ${index}`, ip: `198.51.100.${index}` }),
  );
}

beforeEach(() => history.replaceState(null, '', '/account/security'));
afterEach(cleanup);

describe('dashboard, live (issue 11)', () => {
  it('switches to the signed-out screen saying by which device, with no click', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findByText('Chrome on Windows');
    await waitFor(() => expect(fake.events.open).toBe(1));

    fake.events.sessionEnded({
      sessionId: 'sess-me',
      endReason: 'ended_by_user',
      endedBy: { sessionId: 'sess-win', deviceName: 'Chrome on Windows' },
    });

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(location.pathname).toBe('/signin');
    expect(screen.getByRole('alert').textContent).toBe('Signed out from Chrome on Windows. Sign in again.');
    expect(fake.events.open).toBe(0);
  });

  it.each([
    ['expired', 'Expired. Sign in again.'],
    ['password_changed', 'Ended when the password was changed. Sign in again.'],
    ['ended_by_operator', 'Signed out by an administrator. Sign in again.'],
    ['theft_detected', 'Ended: someone reused an old sign-in token. Sign in again.'],
  ] as const)('says why for %s', async (endReason, words) => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findByText('Chrome on Windows');
    await waitFor(() => expect(fake.events.open).toBe(1));

    fake.events.sessionEnded({ endReason });

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(screen.getByRole('alert').textContent).toBe(words);
  });

  it('reloads the list on sessions-changed and after a reconnect', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findByText('Chrome on Windows');
    await waitFor(() => expect(fake.events.open).toBe(1));

    fake.sessions.push(fakeSession('sess-ipad', { deviceName: 'Safari on iPad' }));
    fake.events.sessionsChanged({ sessionId: 'sess-ipad', change: 'signed_in' });
    await screen.findByText('Safari on iPad');

    fake.sessions = fake.sessions.filter((session) => session.id !== 'sess-win');
    fake.events.reconnected();
    await waitFor(() => expect(screen.queryByText('Chrome on Windows')).toBeNull());
    expect(fake.calls.filter((call) => call === 'listSessions')).toHaveLength(3);
  });

  it('shows "Recently signed out" with device, where, when and why, and pages with Show more', async () => {
    const history = [
      fakeEndedSession('ended-win', {
        deviceName: 'Chrome on Windows',
        endReason: 'ended_by_user',
        endedBy: { sessionId: 'sess-me', deviceName: 'Firefox on Linux' },
        ip: '203.0.113.9',
      }),
      ...ended(11),
    ];
    const fake = createFakeApiClient({ sessions: devices(), ended: history });
    render(<App client={fake.client} />);

    const section = (await screen.findByRole('heading', { name: 'Recently signed out' })).closest('section')!;
    const list = await within(section).findByRole('list');
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(10);
    expect(within(rows[0]!).getByText('Chrome on Windows')).toBeTruthy();
    expect(within(rows[0]!).getByText('Signed out from Firefox on Linux')).toBeTruthy();
    expect(rows[0]!.textContent).toContain('203.0.113.9');
    expect(rows[0]!.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-27T09:00:00.000Z');
    expect(within(rows[1]!).getByText('Expired')).toBeTruthy();

    fireEvent.click(within(section).getByRole('button', { name: 'Show more' }));

    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(12));
    expect(fake.calls).toContain('history:c10');
    expect(within(section).queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(document.activeElement).toBe(within(list).getAllByRole('listitem')[10]);
    expect(within(section).getByRole('status').textContent).toBe('2 more shown.');
  });

  it('loads the history again on sessions-changed, keeping what was shown', async () => {
    const fake = createFakeApiClient({ sessions: devices(), ended: ended(12) });
    render(<App client={fake.client} />);
    const section = (await screen.findByRole('heading', { name: 'Recently signed out' })).closest('section')!;
    fireEvent.click(await within(section).findByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(12));
    await waitFor(() => expect(fake.events.open).toBe(1));

    fake.ended.unshift(fakeEndedSession('ended-new', { deviceName: 'Chrome on Windows' }));
    fake.events.sessionsChanged({ sessionId: 'ended-new', change: 'ended' });

    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(12));
    await within(section).findByText('Chrome on Windows');
    expect(within(section).getByRole('button', { name: 'Show more' })).toBeTruthy();
  });

  it('says so when nothing was signed out', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findByText('No device has been signed out recently.');
  });
});
