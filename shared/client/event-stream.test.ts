import { describe, expect, it, vi } from 'vitest';
import type { SessionEndedEvent, SessionsChangedEvent } from '../schemas.ts';
import { createApiClient, createMemoryTokenStore } from './api-client.ts';
import type { ApiClientOptions } from './api-client.ts';
import { errorResponse, fakeEventStream, fakeFetch, json } from './fake-fetch.ts';
import { fixtureSession, fixtureTokens, fixtureUser } from './fake-fetch.ts';
import type { Handler } from './fake-fetch.ts';

const ended: SessionEndedEvent = {
  sessionId: 'sess-current',
  endReason: 'ended_by_user',
  endedAt: '2026-12-01T10:00:00.000Z',
  endedBy: { sessionId: 'sess-other', deviceName: 'Chrome on Windows' },
};
const changed: SessionsChangedEvent = { sessionId: 'sess-other', change: 'signed_in' };
const frame = (name: string, data: unknown, id = '1'): string =>
  `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

function setup(handler: Handler, options: Partial<ApiClientOptions> = {}) {
  const network = fakeFetch(handler);
  const backoff = vi.fn((_failures: number) => 1);
  const client = createApiClient({
    baseUrl: 'http://server.test',
    fetch: network.fetch,
    eventBackoffMs: backoff,
    onlineTarget: null,
    ...options,
  });
  const ends: string[] = [];
  client.onSessionEnded((code) => ends.push(code));
  const handlers = { onSessionEnded: vi.fn(), onSessionsChanged: vi.fn(), onReconnected: vi.fn() };
  return { network, client, ends, handlers, backoff, events: () => network.requests.filter(isEvents) };
}
const isEvents = (request: { path: string }): boolean => request.path === '/api/events';

describe('event stream', () => {
  it('opens GET /api/events with cookies and hands on parsed events, skipping comments and bad data', async () => {
    const stream = fakeEventStream();
    const { client, handlers, events } = setup(() => stream.response);
    const stop = client.subscribeEvents(handlers);

    await vi.waitFor(() => expect(events()).toHaveLength(1));
    expect(events()[0]?.credentials).toBe('include');
    expect(events()[0]?.headers.get('Accept')).toBe('text/event-stream');
    expect(events()[0]?.headers.get('Authorization')).toBeNull();
    stream.send(': keep-alive\n\nevent: sessions-changed\ndata: {"sessionId":"x","change":"nonsense"}\n\n');
    stream.send('event: sessions-changed\ndata: not json\n\n');
    const text = frame('sessions-changed', changed);
    stream.send(text.slice(0, 20));
    stream.send(text.slice(20));

    await vi.waitFor(() => expect(handlers.onSessionsChanged).toHaveBeenCalledWith(changed));
    expect(handlers.onSessionsChanged).toHaveBeenCalledOnce();
    expect(handlers.onReconnected).not.toHaveBeenCalled();
    stop();
    await vi.waitFor(() => expect(events()[0]?.signal?.aborted).toBe(true));
  });

  it('sends the bearer token in header mode', async () => {
    const tokenStore = createMemoryTokenStore();
    await tokenStore.set(fixtureTokens);
    const { client, handlers, events } = setup(() => fakeEventStream().response, { authMode: 'header', tokenStore });
    const stop = client.subscribeEvents(handlers);

    await vi.waitFor(() => expect(events()).toHaveLength(1));
    expect(events()[0]?.headers.get('Authorization')).toBe('Bearer access-1');
    expect(events()[0]?.credentials).toBe('omit');
    stop();
  });

  it('on session-ended: tells the handler why, then the session-ended listeners, forgets tokens, stops', async () => {
    const tokenStore = createMemoryTokenStore();
    await tokenStore.set(fixtureTokens);
    const stream = fakeEventStream();
    const setupResult = setup(
      (request) => (request.path === '/api/me' ? errorResponse(401, 'UNAUTHORISED') : stream.response),
      { authMode: 'header', tokenStore },
    );
    const { client, handlers, ends, events } = setupResult;
    client.subscribeEvents(handlers);
    await vi.waitFor(() => expect(events()).toHaveLength(1));

    stream.send(frame('session-ended', ended));

    await vi.waitFor(() => expect(ends).toEqual(['UNAUTHORISED']));
    expect(handlers.onSessionEnded).toHaveBeenCalledWith(ended);
    expect(await tokenStore.get()).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events()).toHaveLength(1);
  });

  it('keeps going when the ended session is one this device already left (a password change here)', async () => {
    const streams: ReturnType<typeof fakeEventStream>[] = [];
    const newSession = { ...fixtureSession, id: 'sess-new' };
    const { client, handlers, ends, events } = setup((request) => {
      if (request.path === '/api/me') return json(200, { user: fixtureUser, session: newSession });
      const stream = fakeEventStream();
      streams.push(stream);
      return stream.response;
    });
    const stop = client.subscribeEvents(handlers);
    await vi.waitFor(() => expect(streams).toHaveLength(1));

    streams[0]?.send(frame('session-ended', { ...ended, endReason: 'password_changed', endedBy: null }));

    await vi.waitFor(() => expect(events()).toHaveLength(2));
    expect(handlers.onSessionEnded).not.toHaveBeenCalled();
    expect(ends).toEqual([]);
    await vi.waitFor(() => expect(handlers.onReconnected).toHaveBeenCalledOnce());
    stop();
  });

  it('weighs its old session ending only once the password change under way here has its answer', async () => {
    const streams: ReturnType<typeof fakeEventStream>[] = [];
    let changed = false;
    let answerChange: (response: Response) => void = () => undefined;
    const { client, handlers, ends, events } = setup((request) => {
      if (request.path === '/auth/password') {
        return new Promise<Response>((resolve) => (answerChange = resolve));
      }
      if (request.path === '/api/me') {
        // Until the change's answer is in, the credentials held are the old, ended session's.
        return changed
          ? json(200, { user: fixtureUser, session: { ...fixtureSession, id: 'sess-new' } })
          : errorResponse(401, 'UNAUTHORISED');
      }
      const stream = fakeEventStream();
      streams.push(stream);
      return stream.response;
    });
    client.subscribeEvents(handlers);
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    const change = client.changePassword({
      currentPassword: 'old-password',
      newPassword: 'new-password',
      signOutOtherDevices: true,
    });

    // The server ends the old session (and says so on its stream) before it answers the change.
    streams[0]?.send(frame('session-ended', { ...ended, endReason: 'password_changed', endedBy: null }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ends).toEqual([]);
    changed = true;
    answerChange(json(200, { session: { ...fixtureSession, id: 'sess-new' }, revoked: 2 }));
    expect((await change).error).toBeNull();

    await vi.waitFor(() => expect(events()).toHaveLength(2));
    expect(handlers.onSessionEnded).not.toHaveBeenCalled();
    expect(ends).toEqual([]);
  });

  it('says nothing of its own session-ended while this device is signing out here', async () => {
    const stream = fakeEventStream();
    let answerSignOut: (response: Response) => void = () => undefined;
    const { client, handlers, ends, network } = setup((request) => {
      if (request.path === '/auth/signout') return new Promise<Response>((resolve) => (answerSignOut = resolve));
      if (request.path === '/api/me') return errorResponse(401, 'UNAUTHORISED');
      return stream.response;
    });
    client.subscribeEvents(handlers);
    await vi.waitFor(() => expect(network.requests).toHaveLength(1));

    const signedOut = client.signOut();
    await vi.waitFor(() => expect(network.requests).toHaveLength(2));
    stream.send(frame('session-ended', { ...ended, endReason: 'signed_out', endedBy: null }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    answerSignOut(json(200, {}));
    await signedOut;

    expect(handlers.onSessionEnded).not.toHaveBeenCalled();
    expect(ends).toEqual([]);
    expect(network.requests.map((request) => request.path)).toEqual(['/api/events', '/auth/signout']);
  });

  it('takes 401 UNAUTHORISED as the end of the session and does not reconnect', async () => {
    const { client, handlers, ends, events } = setup(() => errorResponse(401, 'UNAUTHORISED'));
    client.subscribeEvents(handlers);

    await vi.waitFor(() => expect(ends).toEqual(['UNAUTHORISED']));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events()).toHaveLength(1);
  });

  it('refreshes once on TRY_REFRESH_TOKEN and reconnects with the new access token', async () => {
    const tokenStore = createMemoryTokenStore();
    await tokenStore.set(fixtureTokens);
    const rotated = { ...fixtureTokens, accessToken: 'access-2', refreshToken: 'refresh-2' };
    const { client, handlers, network, events } = setup(
      (request) => {
        if (request.path === '/auth/session/refresh') return json(200, { session: fixtureSession, tokens: rotated });
        return request.headers.get('Authorization') === 'Bearer access-2'
          ? fakeEventStream().response
          : errorResponse(401, 'TRY_REFRESH_TOKEN');
      },
      { authMode: 'header', tokenStore },
    );
    const stop = client.subscribeEvents(handlers);

    await vi.waitFor(() => expect(events()).toHaveLength(2));
    expect(network.requests.map((request) => request.path)).toEqual([
      '/api/events',
      '/auth/session/refresh',
      '/api/events',
    ]);
    expect(events()[1]?.headers.get('Authorization')).toBe('Bearer access-2');
    stop();
  });

  it('ends the session when the refresh is refused, and does not refresh in a loop', async () => {
    const { client, handlers, ends, network } = setup((request) =>
      request.path === '/auth/session/refresh'
        ? errorResponse(401, 'TOKEN_THEFT_DETECTED')
        : errorResponse(401, 'TRY_REFRESH_TOKEN'),
    );
    client.subscribeEvents(handlers);

    await vi.waitFor(() => expect(ends).toEqual(['TOKEN_THEFT_DETECTED']));
    expect(network.requests.map((request) => request.path)).toEqual(['/api/events', '/auth/session/refresh']);
  });

  it('reconnects with growing backoff after drops and tells the app to reload after each reconnect', async () => {
    let count = 0;
    const streams: ReturnType<typeof fakeEventStream>[] = [];
    const { client, handlers, backoff, events } = setup(() => {
      count += 1;
      if (count === 2 || count === 3) throw new TypeError('Failed to fetch');
      if (count === 4) return errorResponse(503, 'SERVICE_UNAVAILABLE');
      const stream = fakeEventStream();
      streams.push(stream);
      return stream.response;
    });
    const stop = client.subscribeEvents(handlers);
    await vi.waitFor(() => expect(streams).toHaveLength(1));

    streams[0]?.close();

    await vi.waitFor(() => expect(streams).toHaveLength(2));
    expect(backoff.mock.calls.map(([failures]) => failures)).toEqual([1, 2, 3, 4]);
    await vi.waitFor(() => expect(handlers.onReconnected).toHaveBeenCalledOnce());
    streams[1]?.send(frame('sessions-changed', changed, '9'));
    await vi.waitFor(() => expect(handlers.onSessionsChanged).toHaveBeenCalledOnce());
    expect(events()).toHaveLength(5);
    stop();
  });

  it('reconnects at once when the browser comes back online', async () => {
    const online = new EventTarget();
    let count = 0;
    const { client, handlers, events } = setup(
      () => {
        count += 1;
        if (count === 1) throw new TypeError('Failed to fetch');
        return fakeEventStream().response;
      },
      { onlineTarget: online, eventBackoffMs: () => 60_000 },
    );
    const stop = client.subscribeEvents(handlers);
    await vi.waitFor(() => expect(events()).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 10));

    online.dispatchEvent(new Event('online'));

    await vi.waitFor(() => expect(handlers.onReconnected).toHaveBeenCalledOnce());
    expect(events()).toHaveLength(2);
    stop();
  });

  it('stops reconnecting once unsubscribed', async () => {
    const { client, handlers, events } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    const stop = client.subscribeEvents(handlers);
    await vi.waitFor(() => expect(events().length).toBeGreaterThan(1));
    stop();
    const seen = events().length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events().length).toBeLessThanOrEqual(seen + 1);
  });
});

describe('history', () => {
  it('asks for a page with limit and cursor and parses it', async () => {
    const page = { sessions: [], next: 'cursor-2' };
    const { client, network } = setup(() => json(200, page));

    expect((await client.history({ limit: 3, before: 'cursor-1' })).data).toEqual(page);
    expect((await client.history()).data).toEqual(page);
    expect(network.requests.map((request) => request.path)).toEqual([
      '/api/sessions/history?limit=3&before=cursor-1',
      '/api/sessions/history',
    ]);
  });

  it('refuses an answer that is not the contract', async () => {
    const { client } = setup(() => json(200, { sessions: [{ id: 'x' }], next: null }));
    expect((await client.history()).error?.code).toBe('BAD_RESPONSE');
  });
});
