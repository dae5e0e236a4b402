// @vitest-environment happy-dom
// Issue 13 point 3: one honest error surface. A server that cannot be reached gets one banner,
// which retries by itself and goes when the server answers again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from './App.tsx';
import { createFakeApiClient, fakeSession } from '../shared/client/fake-api-client.ts';

const OFFLINE = { code: 'NETWORK_ERROR' as const, message: 'Could not reach the server.', status: 0 };

function devices() {
  return [
    fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }),
    fakeSession('sess-win', { deviceName: 'Chrome on Windows' }),
  ];
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('dashboard connection banner', () => {
  it('shows one message when a sign-out cannot be sent, and clears it when the server answers', async () => {
    history.replaceState(null, '', '/account/security');
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findByText('Chrome on Windows');

    fake.failNext('revokeSession', OFFLINE);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out Chrome on Windows' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out' }));

    const banner = await screen.findByText(/Cannot reach Session Control — retrying/);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(banner.closest('[role="alert"]')).toBeTruthy();

    // The browser says it is back: the banner asks the server at once, and goes.
    act(() => {
      dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(screen.queryByText(/Cannot reach Session Control/)).toBeNull());
    expect(fake.calls).toContain('health');
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('retries by itself with backoff when the page could not load at all', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    history.replaceState(null, '', '/account/security');
    const fake = createFakeApiClient({ sessions: devices() });
    fake.failNext('me', OFFLINE);
    fake.failNext('health', OFFLINE);
    render(<App client={fake.client} />);
    await screen.findByText(/Cannot reach Session Control — retrying/);
    expect(screen.getAllByRole('alert')).toHaveLength(1);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
    });
    expect(fake.calls.filter((call) => call === 'health')).toHaveLength(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(4_000);
    });
    // The second try finds the server: the banner goes and the page loads by itself.
    await screen.findByText('Chrome on Windows');
    expect(screen.queryByText(/Cannot reach Session Control/)).toBeNull();
  });
});
