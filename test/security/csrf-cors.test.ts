/**
 * Cross-site attacks on a signed-in browser: forged state changes riding the session cookies
 * (CSRF), and cross-origin reads (CORS). Every CSRF attempt is followed by proof that nothing was
 * revoked: the victim's sessions are listed again afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import { expectError, itLeavesNoSecretInTheLogs, startTarget } from './attack-kit.ts';

let h: TestApp;
beforeAll(async () => {
  h = await startTarget();
});
afterAll(async () => h.close());

/** A victim signed in on two devices, both from the dashboard's origin. */
async function victimOnTwoDevices(): Promise<{ here: AppAccount; elsewhere: AppAccount }> {
  const here = await h.signUp();
  const elsewhere = await h.signIn(here.email, here.password);
  return { here, elsewhere };
}

/** Lists the victim's sessions with a safe GET (no Origin needed) and returns their ids. */
async function liveSessionIds(account: AppAccount): Promise<string[]> {
  const response = await fetch(`${h.url}/api/sessions`, { headers: { cookie: account.jar.only('access') } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sessions: { id: string }[] }).sessions.map((session) => session.id).sort();
}

/** Every state change a forged request could try with the victim's cookies. */
function forgedRequests(account: AppAccount, other: AppAccount): { path: string; init: RequestInit }[] {
  const cookie = account.jar.all();
  return [
    { path: '/api/sessions?scope=all', init: { method: 'DELETE', headers: { cookie } } },
    { path: '/api/sessions?scope=others', init: { method: 'DELETE', headers: { cookie } } },
    { path: `/api/sessions/${other.sessionId}`, init: { method: 'DELETE', headers: { cookie } } },
    { path: '/auth/signout', init: { method: 'POST', headers: { cookie } } },
    {
      path: '/auth/reauthenticate',
      init: {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ password: account.password }),
      },
    },
    { path: '/auth/session/refresh', init: { method: 'POST', headers: { cookie: account.jar.only('refresh') } } },
  ];
}

async function expectNothingRevoked(here: AppAccount, elsewhere: AppAccount): Promise<void> {
  const expected = [here.sessionId, elsewhere.sessionId].sort();
  expect(await liveSessionIds(here)).toEqual(expected);
  expect(await liveSessionIds(elsewhere)).toEqual(expected);
}

describe('CSRF: cookie-authenticated state changes from an origin that is not allowed', () => {
  const origins: [string, (port: number) => string | undefined][] = [
    ['a foreign origin', () => 'https://evil.example'],
    ['no Origin header at all', () => undefined],
    ['Origin: null (sandboxed iframe, data: URL, redirect)', () => 'null'],
    ['the lookalike origin http://127.0.0.1:PORT.evil.com', (port) => `http://127.0.0.1:${port}.evil.com`],
    ['the lookalike origin http://127.0.0.1:PORT@evil', (port) => `http://127.0.0.1:${port}@evil`],
    ['the server’s host on a different port', (port) => `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`],
    ['https instead of http on the server’s host and port', (port) => `https://127.0.0.1:${port}`],
    ['the server’s origin with a trailing slash', (port) => `http://127.0.0.1:${port}/`],
    ['a subdomain of the server’s host name', (port) => `http://evil.localhost:${port}`],
    ['another Chrome extension’s origin', () => 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    [
      'a Firefox extension’s origin that is not configured',
      () => 'moz-extension://0b8f6a1c-9e6b-4d5e-8a4f-2f0c6a1d3e9b',
    ],
    ['our extension id with a suffix', () => 'chrome-extension://kehjfghcnpkbjbdjkbnlbklejjlhopcn.evil.example'],
    ['our extension id on the Firefox scheme', () => 'moz-extension://kehjfghcnpkbjbdjkbnlbklejjlhopcn'],
  ];

  for (const [name, originFor] of origins) {
    it(`CSRF from ${name} is refused with FORBIDDEN_ORIGIN and revokes nothing`, async () => {
      const { here, elsewhere } = await victimOnTwoDevices();
      const origin = originFor(h.port);
      for (const { path, init } of forgedRequests(here, elsewhere)) {
        const headers = { ...(init.headers as Record<string, string>), ...(origin === undefined ? {} : { origin }) };
        const response = await fetch(`${h.url}${path}`, { ...init, headers });
        await expectError(response, 403, 'FORBIDDEN_ORIGIN');
        expect(response.headers.get('set-cookie')).toBeNull();
      }
      await expectNothingRevoked(here, elsewhere);
    });
  }

  it('CSRF with an HTML form post (text/plain body shaped like JSON) is refused and revokes nothing', async () => {
    const { here, elsewhere } = await victimOnTwoDevices();
    for (const path of ['/auth/signout', '/auth/reauthenticate', '/auth/password']) {
      const response = await fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: { cookie: here.jar.all(), origin: 'https://evil.example', 'content-type': 'text/plain' },
        body: `{"password":"${here.password}","ignore":"=x"}`,
      });
      await expectError(response, 403, 'FORBIDDEN_ORIGIN');
    }
    await expectNothingRevoked(here, elsewhere);
  });

  it('CSRF with an HTML form post (application/x-www-form-urlencoded) is refused and revokes nothing', async () => {
    const { here, elsewhere } = await victimOnTwoDevices();
    for (const path of ['/auth/signout', '/auth/password', '/api/sessions?scope=all']) {
      const response = await fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: {
          cookie: here.jar.all(),
          origin: 'https://evil.example',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'currentPassword=x&newPassword=attacker-chosen&signOutOtherDevices=true&_method=DELETE',
      });
      await expectError(response, 403, 'FORBIDDEN_ORIGIN');
    }
    await expectNothingRevoked(here, elsewhere);
  });

  it('DNS rebinding: an attacker’s name resolving here cannot change state (foreign Host and Origin)', async () => {
    const { here, elsewhere } = await victimOnTwoDevices();
    const rebound = `evil.example:${h.port}`;
    for (const { path, init } of forgedRequests(here, elsewhere)) {
      const response = await fetch(`${h.url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), host: rebound, origin: `http://${rebound}` },
      });
      await expectError(response, 403, 'FORBIDDEN_ORIGIN');
    }
    const signIn = await fetch(`${h.url}/auth/signin`, {
      method: 'POST',
      headers: { host: rebound, origin: `http://${rebound}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: here.email, password: here.password }),
    });
    await expectError(signIn, 403, 'FORBIDDEN_ORIGIN');
    await expectNothingRevoked(here, elsewhere);
  });

  it('CSRF on credentials the browser adds (cached proxy Authorization: Basic): refused, ends nothing', async () => {
    const { here, elsewhere } = await victimOnTwoDevices();
    for (const { path, init } of forgedRequests(here, elsewhere)) {
      const response = await fetch(`${h.url}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: 'Basic dXNlcjpwYXNz',
          origin: 'https://evil.example',
        },
      });
      expect([401, 403]).toContain(response.status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toMatch(
        /^(FORBIDDEN_ORIGIN|UNAUTHORISED)$/,
      );
    }
    await expectNothingRevoked(here, elsewhere);
  });

  it('a same-origin form post with a method override (_method, X-HTTP-Method-Override) is not a DELETE', async () => {
    const { here, elsewhere } = await victimOnTwoDevices();
    const response = await fetch(`${h.url}/api/sessions?scope=all&_method=DELETE`, {
      method: 'POST',
      headers: {
        cookie: here.jar.all(),
        origin: h.url,
        'content-type': 'application/x-www-form-urlencoded',
        'x-http-method-override': 'DELETE',
      },
      body: '_method=DELETE',
    });
    expect(response.status).toBe(404);
    await expectNothingRevoked(here, elsewhere);
  });

  it('login CSRF: signing a victim in to the attacker’s account from another origin: refused, no cookie', async () => {
    const attacker = await h.signUp();
    const response = await fetch(`${h.url}/auth/signin`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ email: attacker.email, password: attacker.password }),
    });
    await expectError(response, 403, 'FORBIDDEN_ORIGIN');
    expect(response.headers.getSetCookie()).toEqual([]);
    const signup = await fetch(`${h.url}/auth/signup`, {
      method: 'POST',
      headers: { origin: 'null', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'csrf-signup@example.test', password: 'long-enough-pw' }),
    });
    await expectError(signup, 403, 'FORBIDDEN_ORIGIN');
    expect(await h.store.findUserByEmail('csrf-signup@example.test')).toBeNull();
  });

  it('the same state changes from the allowed origins work (so the refusals above are the origin check)', async () => {
    const { here, elsewhere } = await victimOnTwoDevices();
    const fromExtension = await fetch(`${h.url}/api/sessions/${elsewhere.sessionId}`, {
      method: 'DELETE',
      headers: { cookie: here.jar.all(), origin: 'chrome-extension://kehjfghcnpkbjbdjkbnlbklejjlhopcn' },
    });
    expect(fromExtension.status).toBe(204);
    const fromDashboard = await fetch(`${h.url}/auth/signout`, {
      method: 'POST',
      headers: { cookie: here.jar.all(), origin: `http://localhost:${h.port}` },
    });
    expect(fromDashboard.status).toBe(200);
    expect(await h.store.listSessionsByUser(here.userId, h.clock.now)).toEqual([]);
  });
});

describe('CORS: answers to untrusted origins carry no Access-Control-Allow-* header', () => {
  function corsHeaders(response: Response): string[] {
    return [...response.headers.keys()].filter((name) => name.toLowerCase().startsWith('access-control-'));
  }

  it('a cross-origin read of the session list from a foreign origin gets no CORS headers', async () => {
    const victim = await h.signUp();
    for (const origin of [
      'https://evil.example',
      'null',
      `http://127.0.0.1:${h.port}.evil.com`,
      'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ]) {
      for (const path of ['/api/sessions', '/api/me', '/.well-known/jwks.json', '/healthz']) {
        const response = await fetch(`${h.url}${path}`, { headers: { cookie: victim.jar.only('access'), origin } });
        expect(response.status).toBe(200);
        expect(corsHeaders(response)).toEqual([]);
      }
    }
  });

  it('a CORS preflight (OPTIONS) from a foreign origin is granted nothing, on every route', async () => {
    for (const path of [
      '/api/sessions',
      '/api/sessions/abc',
      '/auth/signin',
      '/auth/signout',
      '/auth/session/refresh',
      '/api/me',
      '/nowhere',
    ]) {
      for (const method of ['DELETE', 'POST', 'GET']) {
        const response = await fetch(`${h.url}${path}`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://evil.example',
            'access-control-request-method': method,
            'access-control-request-headers': 'authorization, content-type, x-auth-mode',
          },
        });
        expect(response.status).toBeLessThan(500);
        expect(corsHeaders(response)).toEqual([]);
      }
    }
  });

  it('error responses to a foreign origin (401, 403, 404, 400, 413, 415) carry no CORS headers either', async () => {
    const victim = await h.signUp();
    const origin = 'https://evil.example';
    const attempts: [string, RequestInit, number][] = [
      ['/api/sessions', { headers: { origin } }, 401],
      ['/api/sessions?scope=all', { method: 'DELETE', headers: { origin, cookie: victim.jar.all() } }, 403],
      ['/nowhere', { headers: { origin } }, 404],
      ['/api/sessions?tenant=other', { headers: { origin, cookie: victim.jar.only('access') } }, 400],
      [
        '/auth/signin',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(20_000) },
        413,
      ],
      ['/auth/signin', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }, 415],
    ];
    for (const [path, init, status] of attempts) {
      const response = await fetch(`${h.url}${path}`, init);
      expect(response.status).toBe(status);
      expect(corsHeaders(response)).toEqual([]);
      const body = (await response.json()) as { error: { code: string } };
      expect(typeof body.error.code).toBe('string');
    }
  });

  it('even the configured extension origin gets no CORS headers (its host permission needs none)', async () => {
    const victim = await h.signUp();
    const response = await fetch(`${h.url}/api/sessions`, {
      headers: { cookie: victim.jar.only('access'), origin: 'chrome-extension://kehjfghcnpkbjbdjkbnlbklejjlhopcn' },
    });
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual([]);
  });
});

itLeavesNoSecretInTheLogs();
