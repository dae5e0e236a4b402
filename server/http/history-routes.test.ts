import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema, historyResponseSchema } from '../../shared/schemas.ts';
import type { HistoryResponse } from '../../shared/schemas.ts';
import { CHROME_WINDOWS, SAFARI_IPHONE, startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  await app.close();
});

async function historyOf(client: ReturnType<TestApp['client']>, query = ''): Promise<HistoryResponse> {
  const response = await client.get(`/api/sessions/history${query}`);
  expect(response.status).toBe(200);
  return historyResponseSchema.parse(response.body);
}

describe('GET /api/sessions/history (issue 11)', () => {
  it('shows why each session ended and, when another device ended it, which one', async () => {
    const laptop = await app.signUp();
    const phone = await app.signIn(laptop.email, laptop.password, { userAgent: SAFARI_IPHONE });
    const tablet = await app.signIn(laptop.email, laptop.password, { userAgent: CHROME_WINDOWS });
    app.clock.advance(1_000);
    expect((await laptop.client.delete(`/api/sessions/${phone.sessionId}`)).status).toBe(204);
    app.clock.advance(1_000);
    expect((await tablet.client.post('/auth/signout')).status).toBe(200);

    const { sessions, next } = await historyOf(laptop.client);
    expect(next).toBeNull();
    expect(sessions.map((session) => [session.id, session.endReason])).toEqual([
      [tablet.sessionId, 'signed_out'],
      [phone.sessionId, 'ended_by_user'],
    ]);
    expect(sessions[1]?.endedBy).toEqual({ sessionId: laptop.sessionId, deviceName: 'Firefox on Linux' });
    expect(sessions[1]?.device.name).toBe('Safari on iPhone');
    expect(sessions[0]?.endedBy).toBeNull();
    expect(Date.parse(sessions[0]?.endedAt ?? '')).toBe(app.clock.now);
    // An ended session is gone from the live list and cannot be ended again.
    const again = await laptop.client.delete(`/api/sessions/${phone.sessionId}`);
    expect(errorBodySchema.parse(again.body).error.code).toBe('SESSION_NOT_FOUND');
  });

  it('pages newest first with the cursor it hands out, and refuses one it did not', async () => {
    const me = await app.signUp();
    const ended: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const other = await app.signIn(me.email, me.password);
      app.clock.advance(1_000);
      expect((await other.client.post('/auth/signout')).status).toBe(200);
      ended.unshift(other.sessionId);
    }
    const first = await historyOf(me.client, '?limit=2');
    expect(first.sessions.map((session) => session.id)).toEqual(ended.slice(0, 2));
    expect(first.next).not.toBeNull();
    const second = await historyOf(me.client, `?limit=2&before=${first.next}`);
    const third = await historyOf(me.client, `?limit=2&before=${second.next}`);
    expect([...second.sessions, ...third.sessions].map((session) => session.id)).toEqual(ended.slice(2));
    expect(third.next).toBeNull();
    for (const query of ['?limit=0', '?limit=101', '?limit=x', '?before=%00', '?before=bm90LWEtY3Vyc29y', '?other=1']) {
      const response = await me.client.get(`/api/sessions/history${query}`);
      expect(response.status, query).toBe(400);
      expect(errorBodySchema.parse(response.body).error.code).toBe('BAD_REQUEST');
    }
  });

  it('shows only the caller’s own ended sessions of this tenant, whatever cursor they bring', async () => {
    const me = await app.signUp();
    const stranger = await app.signUp();
    const strangersOther = await app.signIn(stranger.email, stranger.password);
    expect((await strangersOther.client.post('/auth/signout')).status).toBe(200);
    const theirs = await historyOf(stranger.client);
    expect(theirs.sessions).toHaveLength(1);
    expect((await historyOf(me.client)).sessions).toEqual([]);
    // A cursor naming the stranger's session only positions my own (empty) history.
    const forged = Buffer.from(`${app.clock.now + 1}.${strangersOther.sessionId}`).toString('base64url');
    expect((await historyOf(me.client, `?before=${forged}`)).sessions).toEqual([]);
    expect((await app.client().get('/api/sessions/history')).status).toBe(401);
  });

  it('keeps nothing with SESSION_HISTORY_DAYS=0, and the sweeper then removes the rows', async () => {
    const forgetful = await startApp({ env: { SESSION_HISTORY_DAYS: '0' } });
    try {
      const me = await forgetful.signUp();
      const other = await forgetful.signIn(me.email, me.password);
      expect((await other.client.post('/auth/signout')).status).toBe(200);
      expect((await historyOf(me.client)).sessions).toEqual([]);
      const { startSweeper } = await import('../session/sweeper.ts');
      const sweeper = startSweeper(forgetful.ctx, { intervalMs: 3_600_000 });
      await sweeper.sweepOnce();
      sweeper.stop();
      const rows = await forgetful.query<{ id: string }>('SELECT id FROM sessions WHERE id = ?', [other.sessionId]);
      expect(rows).toEqual([]);
    } finally {
      await forgetful.close();
    }
  });

  it('records expiry: the sweeper ends a session whose idle lifetime ran out as expired', async () => {
    const me = await app.signUp();
    const idle = await app.signIn(me.email, me.password);
    // Keep mine alive with a refresh, let the other one run out.
    app.clock.advance(app.config.refreshTokenTtlSeconds * 1000 - 60_000);
    expect((await me.client.post('/auth/session/refresh')).status).toBe(200);
    app.clock.advance(120_000);
    const { startSweeper } = await import('../session/sweeper.ts');
    const sweeper = startSweeper(app.ctx, { intervalMs: 3_600_000 });
    await sweeper.sweepOnce();
    sweeper.stop();
    const { sessions } = await historyOf(me.client);
    expect(sessions.map((session) => [session.id, session.endReason])).toEqual([[idle.sessionId, 'expired']]);
  });
});
