import { describe, expect, it } from 'vitest';
import { createApiClient, createMemoryTokenStore } from './api-client.ts';
import { errorResponse, fakeFetch, fixtureSession as session, fixtureTokens as tokens, json } from './fake-fetch.ts';

describe('refresh coordination and the end of a session', () => {
  it('refreshes exactly once when five concurrent requests find the access token expired', async () => {
    let refreshed = false;
    const network = fakeFetch((request) => {
      if (request.path === '/auth/session/refresh') {
        refreshed = true;
        return json(200, { session });
      }
      return refreshed ? json(200, { sessions: [session] }) : errorResponse(401, 'TRY_REFRESH_TOKEN');
    });
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    const results = await Promise.all(Array.from({ length: 5 }, () => client.listSessions()));

    expect(results.every((result) => result.data?.sessions.length === 1)).toBe(true);
    expect(network.requests.filter((request) => request.path === '/auth/session/refresh')).toHaveLength(1);
    expect(network.requests.filter((request) => request.path === '/api/sessions')).toHaveLength(10);
  });

  it('retries a request at most once after a refresh', async () => {
    const network = fakeFetch((request) =>
      request.path === '/auth/session/refresh' ? json(200, { session }) : errorResponse(401, 'TRY_REFRESH_TOKEN'),
    );
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    const result = await client.me();

    expect(result.error?.code).toBe('TRY_REFRESH_TOKEN');
    expect(network.requests.map((request) => request.path)).toEqual(['/api/me', '/auth/session/refresh', '/api/me']);
  });

  it('reports UNAUTHORISED and tells listeners the session ended when the refresh fails', async () => {
    const network = fakeFetch((request) =>
      request.path === '/auth/session/refresh'
        ? errorResponse(401, 'TOKEN_THEFT_DETECTED')
        : errorResponse(401, 'TRY_REFRESH_TOKEN'),
    );
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });
    const ended: string[] = [];
    client.onSessionEnded((code) => ended.push(code));

    const result = await client.listSessions();

    expect(result.error).toMatchObject({ code: 'UNAUTHORISED', status: 401 });
    expect(ended).toEqual(['TOKEN_THEFT_DETECTED']);
  });

  it('tells listeners when a request answers UNAUTHORISED, and stops after unsubscribing', async () => {
    const network = fakeFetch(() => errorResponse(401, 'UNAUTHORISED', 'Your session has ended.'));
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });
    const ended: string[] = [];
    const unsubscribe = client.onSessionEnded((code) => ended.push(code));

    const result = await client.revokeSession('sess-other');
    unsubscribe();
    await client.me();

    expect(result.error).toEqual({ code: 'UNAUTHORISED', message: 'Your session has ended.', status: 401 });
    expect(ended).toEqual(['UNAUTHORISED']);
  });

  it('does not end the session when the refresh cannot reach the server', async () => {
    const network = fakeFetch((request) => {
      if (request.path === '/auth/session/refresh') throw new TypeError('Failed to fetch');
      return errorResponse(401, 'TRY_REFRESH_TOKEN');
    });
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });
    const ended: string[] = [];
    client.onSessionEnded((code) => ended.push(code));

    const result = await client.me();

    expect(result.error?.code).toBe('NETWORK_ERROR');
    expect(ended).toEqual([]);
  });

  it('forgets header-mode tokens when the session has ended', async () => {
    const tokenStore = createMemoryTokenStore();
    await tokenStore.set(tokens);
    const network = fakeFetch(() => errorResponse(401, 'UNAUTHORISED'));
    const client = createApiClient({
      baseUrl: 'http://server.test',
      fetch: network.fetch,
      authMode: 'header',
      tokenStore,
    });

    await client.listSessions();

    expect(await tokenStore.get()).toBeNull();
  });
});
