/**
 * GET /api/events (issue 11, item 3): the live event stream over real sockets on SQLite.
 * The PostgreSQL transport and the cross-instance promise are in server/storage/postgres-events.test.ts
 * and test/cluster/events.test.ts.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { errorBodySchema, sessionEndedEventSchema, sessionsChangedEventSchema } from '../../shared/schemas.ts';
import { startSweeper } from '../session/sweeper.ts';
import { openEvents } from '../testing/event-stream-client.ts';
import { CHROME_WINDOWS, startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { frame } from './event-stream.ts';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const codeOf = (body: unknown) => errorBodySchema.parse(body).error.code;
const until = async (check: () => boolean, ms = 2_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('GET /api/events', () => {
  it('answers 401 JSON without a session, and opens a no-store event stream with one', async () => {
    app = await startApp();
    const anonymous = await openEvents(app.url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/json/);
    expect(codeOf(anonymous.body)).toBe('UNAUTHORISED');

    const { client } = await app.signUp();
    const stream = await openEvents(app.url, { client });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    stream.close();
  });

  it('tells the ended device why and by whom, the other streams to reload, and refuses its reconnect', async () => {
    const secrets: string[] = [];
    app = await startApp({ onSecret: (secret) => secrets.push(secret) });
    const phone = await app.signUp();
    const laptop = await app.signIn(phone.email, phone.password, { userAgent: CHROME_WINDOWS });
    const phoneStream = await openEvents(app.url, { client: phone.client });
    const laptopStream = await openEvents(app.url, { client: laptop.client });

    const started = Date.now();
    expect((await laptop.client.delete(`/api/sessions/${phone.sessionId}`)).status).toBe(204);
    const ended = await phoneStream.next('session-ended', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sessionEndedEventSchema.parse(ended.data)).toEqual({
      sessionId: phone.sessionId,
      endReason: 'ended_by_user',
      endedAt: new Date(app.clock.now).toISOString(),
      endedBy: { sessionId: laptop.sessionId, deviceName: 'Chrome on Windows' },
    });
    await phoneStream.ended;
    const changed = await laptopStream.next('sessions-changed');
    expect(sessionsChangedEventSchema.parse(changed.data)).toEqual({ sessionId: phone.sessionId, change: 'ended' });
    expect(laptopStream.isEnded()).toBe(false);

    const reconnect = await openEvents(app.url, { client: phone.client });
    expect(reconnect.status).toBe(401);
    expect(codeOf(reconnect.body)).toBe('UNAUTHORISED');

    laptopStream.close();
    await laptopStream.ended;
    const bytes = phoneStream.raw() + laptopStream.raw();
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(bytes).not.toContain(secret);
    expect(bytes).not.toMatch(/token|hash|password/i);
  });

  it('works in header mode and tells the other streams of a new sign-in', async () => {
    app = await startApp();
    const first = await app.signUp({ mode: 'header' });
    const stream = await openEvents(app.url, { bearer: first.accessToken });
    expect(stream.status).toBe(200);
    const second = await app.signIn(first.email, first.password, { mode: 'header' });
    const changed = await stream.next('sessions-changed');
    expect(changed.data).toEqual({ sessionId: second.sessionId, change: 'signed_in' });
    expect(changed.id).toBe('1');
    stream.close();
  });

  it('never delivers another user’s events, nor those of the same user in another tenant', async () => {
    app = await startApp();
    await app.store.insertTenant({ id: 'acme', createdAt: app.clock.now });
    const watcher = await app.signUp();
    const stream = await openEvents(app.url, { client: watcher.client });
    const stranger = await app.signUp();
    await app.signIn(stranger.email, stranger.password);
    await stranger.client.delete('/api/sessions?scope=all');
    await app.store.addUserToTenant(watcher.userId, 'acme');
    const elsewhere = await app.signIn(watcher.email, watcher.password, { tenantId: 'acme' });
    await elsewhere.client.delete('/api/sessions?scope=all');
    // Something for the watcher itself, so that we know the stream was listening all along.
    const mine = await app.signIn(watcher.email, watcher.password);
    const changed = await stream.next('sessions-changed');
    expect(changed.data).toEqual({ sessionId: mine.sessionId, change: 'signed_in' });
    // A new client is a new device: the watcher is also asked "was this you?", about its own sign-in only.
    const alert = await stream.next('new-sign-in');
    expect(alert.data).toMatchObject({ session: { id: mine.sessionId, newDevice: true, current: false } });
    expect(stream.events).toHaveLength(2);
    stream.close();
  });

  it('closes the stream when its session ends in stateless mode too', async () => {
    app = await startApp({ env: { REVOCATION_MODE: 'stateless' } });
    const { client, sessionId } = await app.signUp();
    const stream = await openEvents(app.url, { client });
    expect((await client.delete(`/api/sessions/${sessionId}`)).status).toBe(204);
    expect((await stream.next('session-ended')).data).toMatchObject({ sessionId, endReason: 'signed_out' });
    await stream.ended;
  });

  it('refuses a stream to a stateless token whose session has ended', async () => {
    app = await startApp({ env: { REVOCATION_MODE: 'stateless' } });
    const account = await app.signUp({ mode: 'header' });
    const other = await app.signIn(account.email, account.password, { mode: 'header' });
    await app.client().delete(`/api/sessions/${account.sessionId}`, {
      headers: { authorization: `Bearer ${other.accessToken}`, 'x-auth-mode': 'header' },
    });
    // The access token still works for GET /api/me until it expires (stateless), but opens no stream.
    const me = await app.client().get('/api/me', { headers: { authorization: `Bearer ${account.accessToken}` } });
    expect(me.status).toBe(200);
    const stream = await openEvents(app.url, { bearer: account.accessToken });
    expect(stream.status).toBe(401);
  });

  it('a refused reconnect of an ended session closes none of the user’s open streams (stateless)', async () => {
    app = await startApp({ env: { REVOCATION_MODE: 'stateless', MAX_EVENT_STREAMS_PER_USER: '1' } });
    const owner = await app.signUp({ mode: 'header' });
    const ended = await app.signIn(owner.email, owner.password, { mode: 'header' });
    const open = await openEvents(app.url, { bearer: owner.accessToken });
    await app.client().delete(`/api/sessions/${ended.sessionId}`, {
      headers: { authorization: `Bearer ${owner.accessToken}`, 'x-auth-mode': 'header' },
    });
    expect((await openEvents(app.url, { bearer: ended.accessToken })).status).toBe(401);
    expect(open.isEnded()).toBe(false);
    expect(app.ctx.events.streamCount).toBe(1);
    open.close();
  });

  it('closes the oldest stream past MAX_EVENT_STREAMS_PER_USER', async () => {
    app = await startApp({ env: { MAX_EVENT_STREAMS_PER_USER: '2' } });
    const { client } = await app.signUp();
    const first = await openEvents(app.url, { client });
    const second = await openEvents(app.url, { client });
    const third = await openEvents(app.url, { client });
    expect(third.status).toBe(200);
    await first.ended;
    expect(second.isEnded()).toBe(false);
    expect(app.ctx.events.streamCount).toBe(2);
    second.close();
    third.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE past MAX_EVENT_STREAMS on the instance', async () => {
    app = await startApp({ env: { MAX_EVENT_STREAMS: '1' } });
    const one = await app.signUp();
    const two = await app.signUp();
    const open = await openEvents(app.url, { client: one.client });
    const refused = await openEvents(app.url, { client: two.client });
    expect(refused.status).toBe(503);
    expect(codeOf(refused.body)).toBe('SERVICE_UNAVAILABLE');
    expect(refused.headers['retry-after']).toBe('5');
    open.close();
    await open.ended;
    await until(() => app.ctx.events.streamCount === 0);
    const later = await openEvents(app.url, { client: two.client });
    expect(later.status).toBe(200);
    later.close();
  });

  it('sends keep-alive comments on the configured interval and closes at the access token’s expiry', async () => {
    app = await startApp({ env: { EVENT_KEEP_ALIVE_SECONDS: '1', ACCESS_TOKEN_TTL_SECONDS: '60' } });
    const { client } = await app.signUp();
    const stream = await openEvents(app.url, { client });
    await until(() => stream.raw().includes(': keep-alive\n\n'), 2_500);
    expect(stream.isEnded()).toBe(false);
    app.clock.advance(60_000);
    await Promise.race([stream.ended, new Promise((resolve) => setTimeout(resolve, 2_500))]);
    expect(stream.isEnded()).toBe(true);
    expect(app.ctx.events.streamCount).toBe(0);
  });

  it('publishes sessions the sweeper ended as expired', async () => {
    app = await startApp({ env: { REFRESH_TOKEN_TTL_SECONDS: '120', ACCESS_TOKEN_TTL_SECONDS: '900' } });
    const { client, sessionId } = await app.signUp();
    const stream = await openEvents(app.url, { client });
    const expiresAt = app.clock.now + 120_000;
    app.clock.advance(121_000);
    const sweeper = startSweeper(app.ctx, { intervalMs: 3_600_000 });
    await sweeper.sweepOnce();
    sweeper.stop();
    expect((await stream.next('session-ended')).data).toEqual({
      sessionId,
      endReason: 'expired',
      endedAt: new Date(expiresAt).toISOString(),
      endedBy: null,
    });
  });

  it('writes hostile data as one data line: no newline or event: can be injected', async () => {
    app = await startApp();
    const owner = await app.signUp();
    const stream = await openEvents(app.url, { client: owner.client });
    const hostile = 'Evil\n\nevent: session-ended\ndata: {"sessionId":"x"}\r\nid: 99\u2028';
    await app.ctx.events.publishEnded([
      {
        id: owner.sessionId,
        userId: owner.userId,
        tenantId: owner.tenantId,
        end: { at: app.clock.now, reason: 'ended_by_user', bySessionId: 'someone', byDeviceName: hostile },
      },
    ]);
    const ended = await stream.next('session-ended');
    expect(ended.data).toMatchObject({ endedBy: { sessionId: 'someone', deviceName: hostile } });
    await stream.ended;
    expect(stream.events).toHaveLength(1);
    const text = frame({ event: 'sessions-changed', data: { sessionId: 'a\nevent: x', change: 'ended' } }, 7);
    expect(text.split('\n')).toEqual(['id: 7', 'event: sessions-changed', expect.stringMatching(/^data: \{/), '', '']);
  });

  it('cuts off a client that stopped reading without holding up the others', async () => {
    app = await startApp();
    const owner = await app.signUp();
    // A client that sends its request and then never reads a byte.
    const stalled = connect(app.port, '127.0.0.1');
    stalled.on('error', () => {});
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.pause();
    stalled.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${owner.client.cookieHeader('/api/events')}\r\n\r\n`,
    );
    await until(() => app.ctx.events.streamCount === 1);
    const reader = await openEvents(app.url, { client: owner.client });
    expect(app.ctx.events.streamCount).toBe(2);
    const who = { userId: owner.userId, tenantId: owner.tenantId, sessionId: 'x'.repeat(24) };
    let sent = 0;
    while (app.ctx.events.streamCount === 2 && sent < 300_000) {
      for (let i = 0; i < 100; i += 1) await app.ctx.events.publishSignedIn(who);
      sent += 100;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(app.ctx.events.streamCount).toBe(1);
    await until(() => reader.events.length === sent, 20_000);
    expect(reader.isEnded()).toBe(false);
    stalled.destroy();
    reader.close();
  }, 60_000);
});
