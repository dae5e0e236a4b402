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
      await client.request('POST', '/auth/signout', { origin, body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
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
    expect((await client.post('/auth/session/refresh', undefined, { origin: 'https://evil.example' })).status).toBe(403);
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
    const signUp = await app.client().post<{ tokens: { accessToken: string } }>('/auth/signup', { email: 'h@example.test', password: 'long enough' }, { headers: { 'x-auth-mode': 'header' }, origin: null });
    const response = await app.client().post('/auth/signout', undefined, { origin: null, headers: { authorization: `Bearer ${signUp.body.tokens.accessToken}` } });
    expect(response.status).toBe(200);
  });

  it('refuses sign-in from a foreign page (login CSRF) but allows a client that sends no Origin', async () => {
    const { email, password } = await app.signUp();
    expect((await app.client().post('/auth/signin', { email, password }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await app.client().post('/auth/signin', { email, password }, { origin: null })).status).toBe(200);
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
