import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema, authResponseSchema, meResponseSchema, refreshResponseSchema } from '../../shared/schemas.ts';
import { CHROME_WINDOWS, FIREFOX_LINUX, SAFARI_IPHONE, startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

describe('sign-up', () => {
  it('creates the account, a session with device facts, and HttpOnly cookies', async () => {
    const client = app.client({ userAgent: SAFARI_IPHONE });
    const response = await client.post('/auth/signup', { email: 'Ada@Example.test', password: 'long enough' });
    expect(response.status).toBe(201);
    const body = authResponseSchema.parse(response.body);
    expect(body.user.email).toBe('ada@example.test');
    expect(body.tokens).toBeUndefined();
    expect(body.session).toMatchObject({ current: true, tenantId: 'public', client: 'web', ip: '127.0.0.1' });
    expect(body.session.device).toMatchObject({
      name: 'Safari on iPhone',
      browser: 'Safari',
      os: 'iOS',
      type: 'mobile',
    });
    expect(response.setCookies.some((line) => /^sc_access=.+HttpOnly; SameSite=Strict/.test(line))).toBe(true);
    expect(
      response.setCookies.some((line) =>
        /^sc_refresh=.+Path=\/auth\/session\/refresh; HttpOnly; SameSite=Strict/.test(line),
      ),
    ).toBe(true);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(response.body)).not.toMatch(/scrt_|eyJ/);
  });

  it('answers EMAIL_TAKEN for an existing email, whatever its case', async () => {
    await app.client().post('/auth/signup', { email: 'dup@example.test', password: 'long enough' });
    const again = await app.client().post('/auth/signup', { email: 'DUP@example.test', password: 'other password' });
    expect(again.status).toBe(409);
    expect(errorBodySchema.parse(again.body).error.code).toBe('EMAIL_TAKEN');
  });

  it('refuses a short password and a malformed email with BAD_REQUEST', async () => {
    const short = await app.client().post('/auth/signup', { email: 'a@example.test', password: 'short' });
    expect(short.status).toBe(400);
    expect(errorBodySchema.parse(short.body).error.message).toMatch(/at least 8/);
    const bad = await app.client().post('/auth/signup', { email: 'not-an-email', password: 'long enough' });
    expect(bad.status).toBe(400);
    expect(await app.store.findUserByEmail('a@example.test')).toBeNull();
  });

  it('refuses an unknown tenant', async () => {
    const response = await app
      .client()
      .post('/auth/signup', { email: 'a@example.test', password: 'long enough', tenantId: 'nowhere' });
    expect(response.status).toBe(400);
    expect(await app.store.findUserByEmail('a@example.test')).toBeNull();
  });

  it('returns tokens in the body and sets no cookie in header mode', async () => {
    const response = await app
      .client()
      .post(
        '/auth/signup',
        { email: 'h@example.test', password: 'long enough' },
        { headers: { 'x-auth-mode': 'header' } },
      );
    expect(response.status).toBe(201);
    const body = authResponseSchema.parse(response.body);
    expect(body.tokens?.accessToken).toMatch(/^eyJ/);
    expect(body.tokens?.refreshToken).toMatch(/^scrt_/);
    expect(response.setCookies).toEqual([]);
    expect(body.session.client).toBe('api');
  });
});

describe('sign-in', () => {
  it('signs in with the right password and lists a second device', async () => {
    const { email, password } = await app.signUp({ userAgent: FIREFOX_LINUX });
    const response = await app.client({ userAgent: CHROME_WINDOWS }).post('/auth/signin', { email, password });
    expect(response.status).toBe(200);
    expect(authResponseSchema.parse(response.body).session.device.name).toBe('Chrome on Windows');
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const { email } = await app.signUp();
    const wrong = await app.client().post('/auth/signin', { email, password: 'wrong password' });
    const unknown = await app
      .client()
      .post('/auth/signin', { email: 'nobody@example.test', password: 'wrong password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(errorBodySchema.parse(wrong.body).error.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after 5 failures with 429 and Retry-After, and unlocks after the window', async () => {
    const { email, password } = await app.signUp();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await app.client().post('/auth/signin', { email, password: 'wrong password' })).status).toBe(401);
    }
    const locked = await app.client().post('/auth/signin', { email, password });
    expect(locked.status).toBe(429);
    expect(errorBodySchema.parse(locked.body).error.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    app.clock.advance(15 * 60_000 + 1);
    expect((await app.client().post('/auth/signin', { email, password })).status).toBe(200);
  });

  it('does not count successful sign-ins', async () => {
    const { email, password } = await app.signUp();
    for (let attempt = 0; attempt < 12; attempt++) {
      expect((await app.client().post('/auth/signin', { email, password })).status).toBe(200);
    }
  });

  it('refuses a user in a tenant they do not belong to', async () => {
    await app.store.insertTenant({ id: 'acme', createdAt: app.clock.now });
    const { email, password } = await app.signUp();
    const response = await app.client().post('/auth/signin', { email, password, tenantId: 'acme' });
    expect(response.status).toBe(401);
    expect(errorBodySchema.parse(response.body).error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a disabled user', async () => {
    const { email, password, userId } = await app.signUp();
    await app.store.setUserDisabled(userId, app.clock.now);
    expect((await app.client().post('/auth/signin', { email, password })).status).toBe(401);
  });
});

describe('refresh', () => {
  it('rotates both cookies and keeps the same session id', async () => {
    const { client, sessionId } = await app.signUp();
    const before = client.cookie('sc_refresh');
    app.clock.advance(1000);
    const response = await client.post('/auth/session/refresh');
    expect(response.status).toBe(200);
    expect(refreshResponseSchema.parse(response.body).session.id).toBe(sessionId);
    expect(client.cookie('sc_refresh')).not.toBe(before);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('answers TRY_REFRESH_TOKEN for an expired access token, and the refresh brings it back', async () => {
    const { client } = await app.signUp();
    app.clock.advance(901_000);
    const expired = await client.get('/api/me');
    expect(expired.status).toBe(401);
    expect(errorBodySchema.parse(expired.body).error.code).toBe('TRY_REFRESH_TOKEN');
    expect((await client.post('/auth/session/refresh')).status).toBe(200);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('rotates in header mode with a Bearer refresh token', async () => {
    const signUp = await app
      .client()
      .post<{ tokens: { refreshToken: string; accessToken: string } }>(
        '/auth/signup',
        { email: 'h@example.test', password: 'long enough' },
        { headers: { 'x-auth-mode': 'header' } },
      );
    const refreshed = await app
      .client()
      .post<{ tokens: { refreshToken: string; accessToken: string } }>('/auth/session/refresh', undefined, {
        headers: { authorization: `Bearer ${signUp.body.tokens.refreshToken}` },
        origin: null,
      });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.tokens.refreshToken).not.toBe(signUp.body.tokens.refreshToken);
    const me = await app
      .client()
      .get('/api/me', { headers: { authorization: `Bearer ${refreshed.body.tokens.accessToken}` } });
    expect(meResponseSchema.parse(me.body).user.email).toBe('h@example.test');
  });

  it('answers UNAUTHORISED without a refresh token, and clears the cookies', async () => {
    const response = await app.client().post('/auth/session/refresh');
    expect(response.status).toBe(401);
    expect(errorBodySchema.parse(response.body).error.code).toBe('UNAUTHORISED');
  });

  it('ends an idle session after REFRESH_TOKEN_TTL_SECONDS and slides the expiry on each refresh', async () => {
    const { client } = await app.signUp();
    app.clock.advance(20 * 86_400_000);
    expect((await client.post('/auth/session/refresh')).status).toBe(200);
    app.clock.advance(20 * 86_400_000);
    expect((await client.post('/auth/session/refresh')).status).toBe(200);
    app.clock.advance(31 * 86_400_000);
    expect((await client.post('/auth/session/refresh')).status).toBe(401);
  });

  it('ends even an active session at the absolute lifetime', async () => {
    const { client } = await app.signUp();
    for (let day = 0; day < 89; day += 10) {
      app.clock.advance(10 * 86_400_000);
      const response = await client.post('/auth/session/refresh');
      if (day + 10 >= 90) expect(response.status).toBe(401);
      else expect(response.status).toBe(200);
    }
  });
});

describe('sign-out', () => {
  it('revokes the session and clears both token cookies, but not the device cookie (issue 12)', async () => {
    const { client, sessionId } = await app.signUp();
    const response = await client.post('/auth/signout');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({});
    expect(
      response.setCookies.some(
        (line) => line.startsWith('sc_access=;') && line.includes('Max-Age=0') && line.includes('Path=/'),
      ),
    ).toBe(true);
    expect(
      response.setCookies.some(
        (line) => line.startsWith('sc_refresh=;') && line.includes('Path=/auth/session/refresh'),
      ),
    ).toBe(true);
    expect(response.headers.get('clear-site-data')).toBe('"storage"');
    expect(response.setCookies.some((line) => line.startsWith('sc_device='))).toBe(false);
    expect(await app.store.findSessionById(sessionId)).toBeNull();
  });

  it('in header mode ends the session, no Clear-Site-Data (Firefox would clear the dashboard; issue 14)', async () => {
    const person = await app.signUp({ mode: 'header' });
    const response = await fetch(`${app.url}/auth/signout`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${person.accessToken}`,
        origin: 'moz-extension://0b5b9f43-3a0d-4e6b-9a9b-2f7d1c4e8a11',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('clear-site-data')).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await app.store.findSessionById(person.sessionId)).toBeNull();
  });

  it('works with an access token that has already expired', async () => {
    const { client, sessionId } = await app.signUp();
    app.clock.advance(3_600_000);
    expect((await client.post('/auth/signout')).status).toBe(200);
    expect(await app.store.findSessionById(sessionId)).toBeNull();
  });

  it('answers UNAUTHORISED without a session and still clears cookies', async () => {
    const response = await app.client().post('/auth/signout');
    expect(response.status).toBe(401);
    expect(response.setCookies.length).toBe(2);
  });
});

describe('meta endpoints', () => {
  it('serves the public keys only', async () => {
    const response = await app.client().get<{ keys: Record<string, unknown>[] }>('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.body.keys.length).toBeGreaterThan(0);
    for (const key of response.body.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
      expect(key).not.toHaveProperty('d');
    }
  });

  it('reports health with the store kind', async () => {
    expect((await app.client().get('/healthz')).body).toEqual({ ok: true, store: 'sqlite' });
  });

  it('serves an OpenAPI document generated from the schemas', async () => {
    const response = await app.client().get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
    expect(response.body.openapi).toBe('3.0.3');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/auth/signin', '/api/sessions', '/api/sessions/{id}']),
    );
  });
});
