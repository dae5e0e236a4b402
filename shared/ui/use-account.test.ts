// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook, waitFor } from '@testing-library/preact';
import { createFakeApiClient, fakeSession } from '../client/fake-api-client.ts';
import { SESSION_ENDED_MESSAGE } from '../format/error-message.ts';
import { useAccount } from './use-account.ts';
import type { AccountOptions } from './use-account.ts';

const user = { id: 'user-1', email: 'ada@example.com' };

function setup(overrides: Partial<AccountOptions> = {}) {
  const fake = createFakeApiClient({ user, sessions: [fakeSession('sess-me', { current: true })] });
  const onSignedOut = vi.fn();
  const hook = renderHook(() =>
    useAccount({ client: fake.client, signedOutMessage: 'Signed out.', onSignedOut, ...overrides }),
  );
  return { fake, onSignedOut, hook };
}

afterEach(cleanup);

describe('useAccount', () => {
  it('asks the server who is signed in and shows them', async () => {
    const { hook, fake } = setup();
    expect(hook.result.current.state).toEqual({ kind: 'loading' });
    await waitFor(() => expect(hook.result.current.user).toEqual(user));
    expect(fake.calls).toEqual(['me']);
  });

  it('shows the sign-in form without talk of an ended session when nobody was signed in', async () => {
    const { hook, fake, onSignedOut } = setup();
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'No session.', status: 401 });
    await waitFor(() => expect(hook.result.current.state.kind).toBe('signed-out'));
    expect(hook.result.current.state).toEqual({ kind: 'signed-out', reason: 'not-signed-in', message: null });
    expect(onSignedOut.mock.calls).toEqual([['not-signed-in']]);
  });

  it('tells someone who was signed in last time that the session ended, once (issue 10)', async () => {
    const { fake } = setup({ check: () => false });
    const onSignedOut = vi.fn();
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'No session.', status: 401 });
    const hook = renderHook(() =>
      useAccount({ client: fake.client, initialUser: user, signedOutMessage: null, onSignedOut }),
    );
    expect(hook.result.current.user).toEqual(user);
    await waitFor(() => expect(hook.result.current.state.kind).toBe('signed-out'));
    expect(hook.result.current.state).toEqual({
      kind: 'signed-out',
      reason: 'session-ended',
      message: SESSION_ENDED_MESSAGE,
    });
    // The client reports the 401 and me() answers it: the host hears of it once, not twice.
    expect(onSignedOut.mock.calls).toEqual([['session-ended']]);
  });

  it('ends a live session when any call learns it is over', async () => {
    const { hook, fake, onSignedOut } = setup();
    await waitFor(() => expect(hook.result.current.user).toEqual(user));
    fake.failNext('listSessions', { code: 'TOKEN_THEFT_DETECTED', message: 'Stolen.', status: 401 });
    await act(async () => {
      await fake.client.listSessions();
    });
    expect(hook.result.current.state).toEqual({
      kind: 'signed-out',
      reason: 'session-ended',
      message: SESSION_ENDED_MESSAGE,
    });
    expect(onSignedOut.mock.calls).toEqual([['session-ended']]);
  });

  it('signs in and out with the host’s own sentence', async () => {
    const { hook, onSignedOut } = setup({ check: () => false });
    act(() => hook.result.current.signedIn(user));
    expect(hook.result.current.user).toEqual(user);
    act(() => hook.result.current.signedOut());
    expect(hook.result.current.state).toEqual({ kind: 'signed-out', reason: 'signed-out', message: 'Signed out.' });
    expect(onSignedOut.mock.calls).toEqual([['signed-out']]);
  });

  it('says the server could not be reached, and asks again on retry', async () => {
    const { hook, fake } = setup();
    fake.failNext('me', { code: 'NETWORK_ERROR', message: 'offline', status: 0 });
    await waitFor(() => expect(hook.result.current.state.kind).toBe('unreachable'));
    act(() => hook.result.current.retry());
    await waitFor(() => expect(hook.result.current.user).toEqual(user));
    expect(fake.calls).toEqual(['me', 'me']);
  });

  it('keeps a cached account on screen when the server cannot be reached', async () => {
    const { fake } = setup({ check: () => false });
    fake.failNext('me', { code: 'SERVICE_UNAVAILABLE', message: 'Busy.', status: 503 });
    const hook = renderHook(() => useAccount({ client: fake.client, initialUser: user, signedOutMessage: null }));
    await waitFor(() => expect(fake.calls).toEqual(['me']));
    await act(async () => undefined);
    expect(hook.result.current.state).toEqual({ kind: 'signed-in', user });
  });

  it('shows no-access when the host may not reach the server', async () => {
    const { hook } = setup({ canReach: async () => false });
    await waitFor(() => expect(hook.result.current.state).toEqual({ kind: 'no-access' }));
  });

  it('does not ask the server while the host says not to', async () => {
    const { hook, fake } = setup({ check: () => false });
    await act(async () => undefined);
    expect(fake.calls).toEqual([]);
    expect(hook.result.current.state).toEqual({ kind: 'loading' });
  });
});
