import { describe, expect, it } from 'vitest';
import { createApiClient, createMemoryTokenStore } from './api-client.ts';
import { errorResponse, fakeFetch, json } from './fake-fetch.ts';
import { fixtureSession as session, fixtureTokens as tokens, fixtureUser as user } from './fake-fetch.ts';
import type { Tokens } from '../schemas.ts';

describe('api client', () => {
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
      if (authorization === 'Bearer access-1' && accessValid === 'access-2') {
        return errorResponse(401, 'TRY_REFRESH_TOKEN');
      }
      return authorization === `Bearer ${accessValid}`
        ? json(200, { user, session })
        : errorResponse(401, 'UNAUTHORISED');
    });
    const tokenStore = createMemoryTokenStore();
    const client = createApiClient({
      baseUrl: 'http://server.test',
      fetch: network.fetch,
      authMode: 'header',
      tokenStore,
    });

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
    const passwordChange = { currentPassword: 'a', newPassword: 'bbbbbbbb', signOutOtherDevices: true };
    expect((await client.changePassword(passwordChange)).error).toBeNull();
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
