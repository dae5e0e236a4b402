import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema, sessionListResponseSchema } from '../../shared/schemas.ts';
import { CHROME_WINDOWS, SAFARI_IPHONE, startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

async function listOf(client: ReturnType<TestApp['client']>, query = '') {
  const response = await client.get(`/api/sessions${query}`);
  expect(response.status).toBe(200);
  return sessionListResponseSchema.parse(response.body).sessions;
}

describe('GET /api/me and /api/sessions', () => {
  it('lists the current device first, then the most recently active', async () => {
    const { client, email, password, sessionId } = await app.signUp();
    app.clock.advance(1000);
    const phone = await app.signIn(email, password, { userAgent: SAFARI_IPHONE });
    app.clock.advance(61_000);
    const laptop = await app.signIn(email, password, { userAgent: CHROME_WINDOWS });
    await laptop.client.get('/api/me');
    const sessions = await listOf(client);
    expect(sessions.map((session) => session.id)).toEqual([sessionId, laptop.sessionId, phone.sessionId]);
    expect(sessions.map((session) => session.current)).toEqual([true, false, false]);
    expect(sessions[2]?.device.name).toBe('Safari on iPhone');
  });

  it('answers 401 UNAUTHORISED without a session', async () => {
    for (const path of ['/api/me', '/api/sessions']) {
      const response = await app.client().get(path);
      expect(response.status).toBe(401);
      expect(errorBodySchema.parse(response.body).error.code).toBe('UNAUTHORISED');
    }
  });

  it('updates last active at most once a minute', async () => {
    const { client, sessionId } = await app.signUp();
    const created = (await app.store.findSessionById(sessionId))?.lastActiveAt;
    app.clock.advance(30_000);
    await client.get('/api/me');
    expect((await app.store.findSessionById(sessionId))?.lastActiveAt).toBe(created);
    app.clock.advance(31_000);
    await client.get('/api/me');
    expect((await app.store.findSessionById(sessionId))?.lastActiveAt).toBe(app.clock.now);
  });

  it('refuses a bad tenant query value', async () => {
    const { client } = await app.signUp();
    expect((await client.get('/api/sessions?tenant=everything')).status).toBe(400);
  });
});

describe('DELETE /api/sessions/:id', () => {
  it('signs out another device, whose next request is refused', async () => {
    const { client, email, password } = await app.signUp();
    const other = await app.signIn(email, password);
    const response = await client.delete(`/api/sessions/${other.sessionId}`);
    expect(response.status).toBe(204);
    expect((await other.client.get('/api/me')).status).toBe(401);
    expect((await listOf(client)).length).toBe(1);
  });

  it('is a sign-out when the id is the current session', async () => {
    const { client, sessionId } = await app.signUp();
    const response = await client.delete(`/api/sessions/${sessionId}`);
    expect(response.status).toBe(204);
    expect(response.setCookies.some((line) => line.startsWith('sc_access=;'))).toBe(true);
    expect(await app.store.findSessionById(sessionId)).toBeNull();
  });

  it("answers another user's session exactly like an unknown one, and leaves it alone", async () => {
    const alice = await app.signUp();
    const bob = await app.signUp();
    const foreign = await alice.client.delete(`/api/sessions/${bob.sessionId}`);
    const unknown = await alice.client.delete('/api/sessions/does-not-exist');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect(errorBodySchema.parse(foreign.body).error.code).toBe('SESSION_NOT_FOUND');
    expect((await bob.client.get('/api/me')).status).toBe(200);
  });

  it('asks for re-authentication when the sign-in is older than 5 minutes, then allows it', async () => {
    const { client, email, password } = await app.signUp();
    const other = await app.signIn(email, password);
    app.clock.advance(6 * 60_000);
    await client.post('/auth/session/refresh');
    const refused = await client.delete(`/api/sessions/${other.sessionId}`);
    expect(refused.status).toBe(403);
    expect(errorBodySchema.parse(refused.body).error.code).toBe('REAUTH_REQUIRED');
    expect((await other.client.post('/auth/session/refresh')).status).toBe(200);
    const wrong = await client.post('/auth/reauthenticate', { password: 'not it at all' });
    expect(wrong.status).toBe(401);
    expect(errorBodySchema.parse(wrong.body).error.code).toBe('INVALID_CREDENTIALS');
    expect((await client.post('/auth/reauthenticate', { password })).status).toBe(200);
    expect((await client.delete(`/api/sessions/${other.sessionId}`)).status).toBe(204);
  });
});

describe('POST /auth/reauthenticate', () => {
  it('gives a cookie session new tokens; those from before the proof are no longer current (ASVS 7.2.4)', async () => {
    const { client, password, sessionId } = await app.signUp();
    const oldAccess = client.cookie('sc_access') as string;
    const oldRefresh = client.cookie('sc_refresh') as string;
    app.clock.advance(1_000);
    const response = await client.post('/auth/reauthenticate', { password });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ session: expect.objectContaining({ id: sessionId, current: true }) });
    expect(client.cookie('sc_access')).not.toBe(oldAccess);
    expect(client.cookie('sc_refresh')).not.toBe(oldRefresh);
    expect((await client.get('/api/me')).status).toBe(200);
    // The refresh token from before the re-authentication, presented later, is a stolen one.
    app.clock.advance(60_000);
    const thief = app.client();
    thief.jar.set('sc_refresh', oldRefresh, '/auth/session/refresh');
    expect(errorBodySchema.parse((await thief.post('/auth/session/refresh')).body).error.code).toBe(
      'TOKEN_THEFT_DETECTED',
    );
  });
});

describe('DELETE /api/sessions?scope=', () => {
  it('others: ends every other session in this tenant and keeps this one', async () => {
    const { client, email, password } = await app.signUp();
    const second = await app.signIn(email, password);
    const third = await app.signIn(email, password);
    const response = await client.delete('/api/sessions?scope=others');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ revoked: 2 });
    expect((await second.client.get('/api/me')).status).toBe(401);
    expect((await third.client.get('/api/me')).status).toBe(401);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('all: ends every session including this one and clears the cookies', async () => {
    const { client, email, password } = await app.signUp();
    const second = await app.signIn(email, password);
    const response = await client.delete('/api/sessions?scope=all');
    expect(response.body).toEqual({ revoked: 2 });
    expect(response.setCookies.some((line) => line.startsWith('sc_access=;'))).toBe(true);
    expect((await second.client.get('/api/me')).status).toBe(401);
  });

  it('refuses a missing or unknown scope with 400 and changes nothing', async () => {
    const { client, email, password } = await app.signUp();
    const second = await app.signIn(email, password);
    for (const query of ['', '?scope=everything', '?scope=others&scope=all', '?scope=others&extra=1']) {
      const response = await client.delete(`/api/sessions${query}`);
      expect(response.status).toBe(400);
      expect(errorBodySchema.parse(response.body).error.code).toBe('BAD_REQUEST');
    }
    expect((await second.client.get('/api/me')).status).toBe(200);
  });

  it('needs a recent sign-in', async () => {
    const { client, email, password } = await app.signUp();
    const second = await app.signIn(email, password);
    app.clock.advance(5 * 60_000 + 1);
    await client.post('/auth/session/refresh');
    const response = await client.delete('/api/sessions?scope=others');
    expect(response.status).toBe(403);
    expect(errorBodySchema.parse(response.body).error.code).toBe('REAUTH_REQUIRED');
    expect((await second.client.post('/auth/session/refresh')).status).toBe(200);
  });
});

describe('POST /auth/password', () => {
  it('gives this device a new session id and ends the others when asked', async () => {
    const { client, email, password, sessionId } = await app.signUp();
    const other = await app.signIn(email, password);
    const response = await client.post<{ session: { id: string }; revoked: number }>('/auth/password', {
      currentPassword: password,
      newPassword: 'a brand new secret',
      signOutOtherDevices: true,
    });
    expect(response.status).toBe(200);
    expect(response.body.revoked).toBe(1);
    expect(response.body.session.id).not.toBe(sessionId);
    expect(await app.store.findSessionById(sessionId)).toBeNull();
    expect((await client.get('/api/me')).status).toBe(200);
    expect((await other.client.get('/api/me')).status).toBe(401);
    expect((await app.client().post('/auth/signin', { email, password })).status).toBe(401);
    expect((await app.client().post('/auth/signin', { email, password: 'a brand new secret' })).status).toBe(200);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const { client, email, password } = await app.signUp();
    const response = await client.post('/auth/password', {
      currentPassword: 'wrong wrong',
      newPassword: 'a brand new secret',
      signOutOtherDevices: false,
    });
    expect(response.status).toBe(401);
    expect((await app.client().post('/auth/signin', { email, password })).status).toBe(200);
  });
});
