import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas.ts';
import { sessionControlFor } from '../index.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import { FakeClock, startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const codeOf = (body: unknown) => errorBodySchema.parse(body).error.code;

describe('strict mode (the default)', () => {
  it('refuses the very next request after an offline revokeSession', async () => {
    app = await startApp();
    const { client, sessionId } = await app.signUp();
    expect((await client.get('/api/me')).status).toBe(200);
    expect(await sessionControlFor(app.ctx).revokeSession(sessionId)).toBe(true);
    const after = await client.get('/api/me');
    expect(after.status).toBe(401);
    expect(codeOf(after.body)).toBe('UNAUTHORISED');
    expect((await client.post('/auth/session/refresh')).status).toBe(401);
  });

  it('revokeAllSessionsForUser ends every tenant, or only the one named', async () => {
    app = await startApp();
    await app.store.insertTenant({ id: 'acme', createdAt: app.clock.now });
    const { client, email, password, userId } = await app.signUp();
    await app.store.addUserToTenant(userId, 'acme');
    const inAcme = await app.signIn(email, password, { tenantId: 'acme' });
    const control = sessionControlFor(app.ctx);
    expect(await control.getAllSessionHandlesForUser(userId)).toHaveLength(2);
    expect(await control.getAllSessionHandlesForUser(userId, { tenantId: 'acme' })).toEqual([inAcme.sessionId]);

    expect(await control.revokeAllSessionsForUser(userId, { tenantId: 'acme' })).toEqual([inAcme.sessionId]);
    expect((await inAcme.client.get('/api/me')).status).toBe(401);
    expect((await client.get('/api/me')).status).toBe(200);
    expect(await control.revokeAllSessionsForUser(userId)).toHaveLength(1);
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('revokeMultipleSessions returns the ids that existed; getSessionInformation describes a live one', async () => {
    app = await startApp();
    const first = await app.signUp();
    const second = await app.signUp();
    const control = sessionControlFor(app.ctx);
    expect(await control.getSessionInformation(first.sessionId)).toMatchObject({
      sessionHandle: first.sessionId,
      userId: first.userId,
      tenantId: 'public',
    });
    expect((await control.revokeMultipleSessions([first.sessionId, second.sessionId, 'nope'])).sort()).toEqual(
      [first.sessionId, second.sessionId].sort(),
    );
    expect(await control.getSessionInformation(first.sessionId)).toBeNull();
  });
});

describe('stateless mode', () => {
  it('keeps an issued access token working until it expires, but refresh fails at once', async () => {
    app = await startApp({ env: { REVOCATION_MODE: 'stateless', ACCESS_TOKEN_TTL_SECONDS: '60' } });
    const { client, sessionId } = await app.signUp();
    await sessionControlFor(app.ctx).revokeSession(sessionId);
    expect((await client.get('/api/me')).status).toBe(200);
    expect(codeOf((await client.post('/auth/session/refresh')).body)).toBe('UNAUTHORISED');
  });

  it('answers TRY_REFRESH_TOKEN once the revoked token expires, and the refresh then fails', async () => {
    app = await startApp({ env: { REVOCATION_MODE: 'stateless', ACCESS_TOKEN_TTL_SECONDS: '60' } });
    const { client, sessionId } = await app.signUp();
    const refreshCookie = client.cookie('sc_refresh');
    await sessionControlFor(app.ctx).revokeSession(sessionId);
    app.clock.advance(61_000);
    const expired = await client.get('/api/me');
    expect(expired.status).toBe(401);
    expect(codeOf(expired.body)).toBe('TRY_REFRESH_TOKEN');
    expect(refreshCookie).toBeDefined();
    expect((await client.post('/auth/session/refresh')).status).toBe(401);
  });
});

describe('refresh rotation', () => {
  it('treats a rotated-out refresh token coming back as theft and revokes the session', async () => {
    app = await startApp({ env: { REFRESH_GRACE_SECONDS: '5' } });
    const { client, sessionId } = await app.signUp();
    const stolen = client.cookie('sc_refresh');
    expect((await client.post('/auth/session/refresh')).status).toBe(200);
    app.clock.advance(6_000);
    const attacker = app.client();
    attacker.jar.set('sc_refresh', stolen as string, '/auth/session/refresh');
    const replay = await attacker.post('/auth/session/refresh');
    expect(replay.status).toBe(401);
    expect(codeOf(replay.body)).toBe('TOKEN_THEFT_DETECTED');
    expect(await app.store.findSessionById(sessionId)).toBeNull();
    expect((await client.get('/api/me')).status).toBe(401);
    expect(app.logs.some((line) => line.includes('"session.theft_detected"') && line.includes(sessionId))).toBe(true);
  });

  it('treats a replay as theft even inside the grace window once the new token was used', async () => {
    app = await startApp();
    const { client } = await app.signUp();
    const old = client.cookie('sc_refresh') as string;
    await client.post('/auth/session/refresh');
    await client.post('/auth/session/refresh');
    const attacker = app.client();
    attacker.jar.set('sc_refresh', old, '/auth/session/refresh');
    expect(codeOf((await attacker.post('/auth/session/refresh')).body)).toBe('TOKEN_THEFT_DETECTED');
  });

  it('lets 20 concurrent refreshes of one token all succeed with exactly one live session and no 500', async () => {
    app = await startApp();
    const { client, userId, sessionId } = await app.signUp();
    const token = client.cookie('sc_refresh') as string;
    const tabs = Array.from({ length: 20 }, () => {
      const tab = app.client();
      tab.jar.set('sc_refresh', token, '/auth/session/refresh');
      return tab;
    });
    const answers = await Promise.all(
      tabs.map((tab) => tab.post<{ session: { id: string } }>('/auth/session/refresh')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((answer) => answer.body.session.id))).toEqual(new Set([sessionId]));
    const live = await app.store.listSessionsByUser(userId, app.clock.now);
    expect(live.map((session) => session.id)).toEqual([sessionId]);
    expect(live[0]?.refreshGeneration).toBe(1);
    // Every tab's new token works once more: no tab was left with a dead session.
    for (const tab of tabs.slice(0, 3)) expect((await tab.get('/api/me')).status).toBe(200);
  });
});

describe('restart', () => {
  it('keeps a revocation and the signing keys across a server restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-restart-'));
    const path = join(dir, 'db.sqlite');
    const clock = new FakeClock();
    try {
      app = await startApp({ store: await openSqliteStore(path), clock });
      const kept = await app.signUp();
      const revoked = await app.signUp();
      const revokedAccess = revoked.client.cookie('sc_access') as string;
      expect((await revoked.client.post('/auth/signout')).status).toBe(200);
      const keptAccess = kept.client.cookie('sc_access') as string;
      await app.close();

      app = await startApp({ store: await openSqliteStore(path), clock });
      const keptAgain = app.client();
      keptAgain.jar.set('sc_access', keptAccess, '/');
      expect((await keptAgain.get('/api/me')).status).toBe(200);
      const revokedAgain = app.client();
      revokedAgain.jar.set('sc_access', revokedAccess, '/');
      expect((await revokedAgain.get('/api/me')).status).toBe(401);
      expect(await app.store.findSessionById(revoked.sessionId)).toBeNull();
    } finally {
      await app.close();
      app = undefined as unknown as TestApp;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
