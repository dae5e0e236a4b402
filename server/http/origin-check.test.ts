import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas.ts';
import { EXTENSION_ORIGIN } from '../config.ts';
import { startApp, TEST_ORIGIN } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

const REFUSED_ORIGINS: [string, string | null][] = [
  ['a foreign origin', 'https://evil.example'],
  ['no Origin header', null],
  ['Origin: null', 'null'],
  ['a lookalike with a suffix', `${TEST_ORIGIN}.evil.example`],
  ['a lookalike on another port', `${TEST_ORIGIN}:8080`],
  ['the https twin', TEST_ORIGIN.replace('http:', 'https:')],
  ['another extension', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
  ['a trailing slash', `${TEST_ORIGIN}/`],
];

describe('the CSRF rule: cookie-authenticated state changes need an allowed Origin', () => {
  it.each(REFUSED_ORIGINS)('refuses %s with 403 FORBIDDEN_ORIGIN and revokes nothing', async (_name, origin) => {
    const { client, email, password, sessionId } = await app.signUp();
    const other = await app.signIn(email, password);
    const attempts = [
      await client.delete('/api/sessions?scope=all', { origin }),
      await client.delete(`/api/sessions/${other.sessionId}`, { origin }),
      await client.post('/auth/signout', undefined, { origin }),
      await client.request('POST', '/auth/signout', {
        origin,
        body: 'x=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      await client.request('POST', '/auth/signout', { origin, body: 'x', headers: { 'content-type': 'text/plain' } }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403);
      expect(errorBodySchema.parse(attempt.body).error.code).toBe('FORBIDDEN_ORIGIN');
    }
    expect(await app.store.findSessionById(sessionId)).not.toBeNull();
    expect(await app.store.findSessionById(other.sessionId)).not.toBeNull();
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('refuses a cross-origin refresh, which would otherwise rotate the victim out', async () => {
    const { client, sessionId } = await app.signUp();
    const before = client.cookie('sc_refresh');
    expect((await client.post('/auth/session/refresh', undefined, { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect(client.cookie('sc_refresh')).toBe(before);
    expect((await app.store.findSessionById(sessionId))?.refreshGeneration).toBe(0);
  });

  it("accepts the server's own origin and the extension's", async () => {
    const { client, email, password } = await app.signUp();
    const other = await app.signIn(email, password);
    expect((await client.delete(`/api/sessions/${other.sessionId}`, { origin: EXTENSION_ORIGIN })).status).toBe(204);
    expect((await client.post('/auth/signout', undefined, { origin: TEST_ORIGIN })).status).toBe(200);
  });

  it('exempts header-mode requests, which a foreign page cannot forge', async () => {
    const signUp = await app
      .client()
      .post<{ tokens: { accessToken: string } }>(
        '/auth/signup',
        { email: 'h@example.test', password: 'long enough' },
        { headers: { 'x-auth-mode': 'header' }, origin: null },
      );
    const response = await app.client().post('/auth/signout', undefined, {
      origin: null,
      headers: { authorization: `Bearer ${signUp.body.tokens.accessToken}` },
    });
    expect(response.status).toBe(200);
  });

  it('refuses sign-in from a foreign page (login CSRF) but allows a client that sends no Origin', async () => {
    const { email, password } = await app.signUp();
    expect(
      (await app.client().post('/auth/signin', { email, password }, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await app.client().post('/auth/signin', { email, password }, { origin: null })).status).toBe(200);
  });

  // Issue 14: the Firefox build signs in from moz-extension://<random uuid>, which no allowlist can name.
  const FIREFOX_EXTENSION_ORIGIN = 'moz-extension://0b5b9f43-3a0d-4e6b-9a9b-2f7d1c4e8a11';
  const ANY_ORIGIN: [string, string | null][] = [
    ['a Firefox extension', FIREFOX_EXTENSION_ORIGIN],
    ['a foreign page', 'https://evil.example'],
    ['Origin: null', 'null'],
    ['no Origin header', null],
  ];

  const HEADER_MODE = { 'x-auth-mode': 'header' };

  it.each(ANY_ORIGIN)('lets a header-mode sign-in from %s reach the password check (issue 14)', async (_, origin) => {
    const { email } = await app.signUp();
    const wrongPassword = { email, password: 'wrong password' };
    const wrong = await app.client().post('/auth/signin', wrongPassword, { origin, headers: HEADER_MODE });
    expect(wrong.status).toBe(401);
    expect(errorBodySchema.parse(wrong.body).error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.setCookies).toEqual([]);
  });

  it('signs a header-mode client in and up from a Firefox extension origin, no cookie (issue 14)', async () => {
    const options = { origin: FIREFOX_EXTENSION_ORIGIN, headers: HEADER_MODE };
    const { email, password } = await app.signUp();
    const signIn = await app.client().post<{ tokens?: object }>('/auth/signin', { email, password }, options);
    const newUser = { email: 'fx@example.test', password: 'long enough' };
    const signUp = await app.client().post<{ tokens?: object }>('/auth/signup', newUser, options);
    expect([signIn.status, signUp.status]).toEqual([200, 201]);
    for (const response of [signIn, signUp]) {
      expect(response.body.tokens).toBeDefined();
      expect(response.setCookies).toEqual([]);
    }
  });

  const FOREIGN_ORIGINS = ANY_ORIGIN.slice(0, 2);
  const refusedTitle = 'still refuses a cookie-mode sign-in and sign-up from %s and sets nothing (issue 14)';
  it.each(FOREIGN_ORIGINS)(refusedTitle, async (_, origin) => {
    const { email, password } = await app.signUp();
    const signIn = await app.client().post('/auth/signin', { email, password }, { origin });
    const newUser = { email: 'csrf@example.test', password: 'long enough' };
    const signUp = await app.client().post('/auth/signup', newUser, { origin });
    for (const response of [signIn, signUp]) {
      expect(response.status).toBe(403);
      expect(errorBodySchema.parse(response.body).error.code).toBe('FORBIDDEN_ORIGIN');
      expect(response.setCookies).toEqual([]);
    }
    expect(await app.store.findUserByEmail('csrf@example.test')).toBeNull();
  });

  // Header mode is exactly `X-Auth-Mode: header`, the test the route uses to set no cookie: anything
  // else is cookie mode for the route, so it must be cookie mode (origin-checked) here too.
  it.each(['Header', 'HEADER', 'header, header', 'cookie', ''])(
    'treats X-Auth-Mode: %j as cookie mode: a foreign-origin sign-in is refused and sets nothing (issue 14)',
    async (value) => {
      const { email, password } = await app.signUp();
      const options = { origin: FIREFOX_EXTENSION_ORIGIN, headers: { 'x-auth-mode': value } };
      const response = await app.client().post('/auth/signin', { email, password }, options);
      expect(response.status).toBe(403);
      expect(response.setCookies).toEqual([]);
    },
  );

  it('does not take header mode from the query string or the body (a form could send those) (issue 14)', async () => {
    const { email, password } = await app.signUp();
    const origin = 'https://evil.example';
    const query = await app.client().post('/auth/signin?x-auth-mode=header', { email, password }, { origin });
    const body = await app.client().post('/auth/signin', { email, password, authMode: 'header' }, { origin });
    for (const response of [query, body]) {
      expect(response.status).toBe(403);
      expect(response.setCookies).toEqual([]);
    }
  });

  it('never sends CORS headers, not even to a preflight', async () => {
    const preflight = await app.client().request('OPTIONS', '/api/sessions', {
      origin: 'https://evil.example',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
    });
    const error = await app.client().get('/api/me', { headers: { origin: 'https://evil.example' } });
    for (const response of [preflight, error]) {
      for (const name of response.headers.keys()) expect(name).not.toMatch(/^access-control-/);
    }
  });
});
