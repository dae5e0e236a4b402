import { describe, expect, it } from 'vitest';
import { createApiClient, createMemoryTokenStore } from './api-client.ts';
import type { PublicSession, Tokens } from '../schemas.ts';

const session: PublicSession = {
  id: 'sess-current',
  current: true,
  tenantId: 'public',
  createdAt: '2026-11-27T10:00:00.000Z',
  lastActiveAt: '2026-11-27T11:00:00.000Z',
  expiresAt: '2026-12-27T10:00:00.000Z',
  device: { name: 'Chrome on Linux', browser: 'Chrome', browserVersion: '131', os: 'Linux', type: 'desktop', label: null },
  ip: '127.0.0.1',
  client: 'web',
};
const user = { id: 'user-1', email: 'ada@example.com' };
const tokens: Tokens = { accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpiresAt: '2026-11-27T12:00:00.000Z' };

interface Recorded {
  method: string;
  path: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

type Handler = (request: Recorded) => Response | Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function errorResponse(status: number, code: string, message = 'Nope.', headers: Record<string, string> = {}): Response {
  return json(status, { error: { code, message } }, headers);
}

/** A fake network edge: records every request and answers with `handler`. */
function fakeFetch(handler: Handler): { fetch: typeof fetch; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const recorded: Recorded = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      headers: new Headers(init?.headers),
      credentials: init?.credentials,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(recorded);
    // Let concurrent requests interleave as they would on a real network.
    await new Promise((resolve) => setTimeout(resolve, 1));
    return handler(recorded);
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

describe('api client', () => {
  it('sends JSON with credentials included in cookie mode and parses the answer', async () => {
    const network = fakeFetch(() => json(200, { user, session }));
    const client = createApiClient({ baseUrl: 'http://server.test/', fetch: network.fetch });

    const result = await client.signIn({ email: 'ada@example.com', password: 'correct horse' });

    expect(result.error).toBeNull();
    expect(result.data?.user.email).toBe('ada@example.com');
    const [request] = network.requests;
    expect(request?.path).toBe('/auth/signin');
    expect(request?.credentials).toBe('include');
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.headers.get('X-Auth-Mode')).toBeNull();
    expect(request?.body).toEqual({ email: 'ada@example.com', password: 'correct horse' });
  });

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
      request.path === '/auth/session/refresh' ? errorResponse(401, 'TOKEN_THEFT_DETECTED') : errorResponse(401, 'TRY_REFRESH_TOKEN'),
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

  it('keeps tokens in the token store in header mode and sends them as bearer tokens', async () => {
    const rotated: Tokens = { ...tokens, accessToken: 'access-2', refreshToken: 'refresh-2' };
    let accessValid = 'access-1';
    const network = fakeFetch((request) => {
      const authorization = request.headers.get('Authorization');
      if (request.path === '/auth/signin') return json(200, { user, session, tokens });
      if (request.path === '/auth/session/refresh') {
        if (authorization !== 'Bearer refresh-1') return errorResponse(401, 'UNAUTHORISED');
        accessValid = 'access-2';
        return json(200, { session, tokens: rotated });
      }
      if (request.path === '/auth/signout') return json(200, {});
      if (authorization === 'Bearer access-1' && accessValid === 'access-2') return errorResponse(401, 'TRY_REFRESH_TOKEN');
      return authorization === `Bearer ${accessValid}` ? json(200, { user, session }) : errorResponse(401, 'UNAUTHORISED');
    });
    const tokenStore = createMemoryTokenStore();
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch, authMode: 'header', tokenStore });

    const signedIn = await client.signIn({ email: 'ada@example.com', password: 'correct horse' });
    expect(signedIn.data).not.toHaveProperty('tokens');
    expect(await tokenStore.get()).toEqual(tokens);
    expect(network.requests[0]?.headers.get('X-Auth-Mode')).toBe('header');
    expect(network.requests[0]?.credentials).toBe('omit');

    expect((await client.me()).data?.user.id).toBe('user-1');
    accessValid = 'access-2'; // the server now considers access-1 expired
    expect((await client.me()).data?.user.id).toBe('user-1');
    expect(await tokenStore.get()).toEqual(rotated);

    await client.signOut();
    expect(await tokenStore.get()).toBeNull();
    const paths = network.requests.map((request) => `${request.path} ${request.headers.get('Authorization') ?? '-'}`);
    expect(paths).toEqual([
      '/auth/signin -',
      '/api/me Bearer access-1',
      '/api/me Bearer access-1',
      '/auth/session/refresh Bearer refresh-1',
      '/api/me Bearer access-2',
      '/auth/signout Bearer access-2',
    ]);
  });

  it('forgets header-mode tokens when the session has ended', async () => {
    const tokenStore = createMemoryTokenStore();
    await tokenStore.set(tokens);
    const network = fakeFetch(() => errorResponse(401, 'UNAUTHORISED'));
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch, authMode: 'header', tokenStore });

    await client.listSessions();

    expect(await tokenStore.get()).toBeNull();
  });

  it('reads Retry-After on 429 as retryAfterSeconds', async () => {
    const network = fakeFetch(() => errorResponse(429, 'RATE_LIMITED', 'Too many attempts.', { 'Retry-After': '120' }));
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    const result = await client.signIn({ email: 'ada@example.com', password: 'wrong password' });

    expect(result.error).toEqual({ code: 'RATE_LIMITED', message: 'Too many attempts.', status: 429, retryAfterSeconds: 120 });
  });

  it('reports NETWORK_ERROR when the request cannot be sent', async () => {
    const client = createApiClient({
      baseUrl: 'http://server.test',
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });

    const result = await client.health();

    expect(result.error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('reports BAD_RESPONSE when the body does not match the contract', async () => {
    const leaky = { sessions: [{ ...session, refreshTokenHash: 'abc' }] };
    const network = fakeFetch((request) => (request.path === '/healthz' ? new Response('<html>', { status: 502 }) : json(200, leaky)));
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    expect((await client.listSessions()).error).toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
    expect((await client.health()).error).toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
  });

  it('addresses requests as the contract says', async () => {
    const network = fakeFetch((request) => {
      if (request.method === 'DELETE' && request.path.startsWith('/api/sessions?')) return json(200, { revoked: 2 });
      if (request.method === 'DELETE') return new Response(null, { status: 204 });
      if (request.path === '/auth/password') return json(200, { session, revoked: 0 });
      if (request.path === '/auth/reauthenticate') return json(200, { session });
      return json(200, { sessions: [] });
    });
    const client = createApiClient({ baseUrl: 'http://server.test', fetch: network.fetch });

    expect((await client.listSessions({ allTenants: true })).error).toBeNull();
    expect((await client.revokeSession('a/b')).data).toEqual({});
    expect((await client.revokeOtherSessions()).data).toEqual({ revoked: 2 });
    expect((await client.revokeAllSessions()).data).toEqual({ revoked: 2 });
    expect((await client.reauthenticate('pw')).error).toBeNull();
    expect((await client.changePassword({ currentPassword: 'a', newPassword: 'bbbbbbbb', signOutOtherDevices: true })).error).toBeNull();
    expect(network.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/sessions?tenant=all',
      'DELETE /api/sessions/a%2Fb',
      'DELETE /api/sessions?scope=others',
      'DELETE /api/sessions?scope=all',
      'POST /auth/reauthenticate',
      'POST /auth/password',
    ]);
    expect(network.requests[4]?.body).toEqual({ password: 'pw' });
  });
});
