// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeApiClient, fakeSession } from '../client/fake-api-client.ts';
import { SessionList } from './SessionList.tsx';
import { TICK_MS } from './use-now.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('relative times', () => {
  it('tick while the list is open (issue 11)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const lastActiveAt = '2026-11-27T09:00:00.000Z';
    let nowMs = Date.parse(lastActiveAt) + 3 * 60_000;
    const fake = createFakeApiClient({
      sessions: [
        fakeSession('me', { current: true }),
        fakeSession('other', { deviceName: 'Safari on iOS', lastActiveAt }),
      ],
    });
    render(<SessionList client={fake.client} onSignedOut={() => undefined} now={() => nowMs} />);
    await screen.findByText('3 minutes ago');

    nowMs += 2 * 60_000;
    act(() => {
      vi.advanceTimersByTime(TICK_MS);
    });

    expect(screen.getByText('5 minutes ago')).toBeTruthy();
  });
});
