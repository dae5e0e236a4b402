/**
 * The event bus over PostgreSQL LISTEN/NOTIFY (issue 11, item 3): across buses on one schema,
 * not across schemas, and after the listening connection was killed (it reconnects, and the
 * streams that may have missed events are closed so that their clients reload).
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { EventBus } from '../session/events.ts';
import type { EventSink, StreamCloseReason, StreamEvent } from '../session/events.ts';
import { openEvents } from '../testing/event-stream-client.ts';
import { createTestSchema, TEST_DATABASE_URL } from '../testing/postgres-schema.ts';
import type { TestSchema } from '../testing/postgres-schema.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import { PostgresEventTransport } from './postgres-events.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const log = createLogger({ write: () => {} });
const owner = { userId: 'user-1', tenantId: 'public', sessionId: 's'.repeat(24) };

class RecordingSink implements EventSink {
  events: StreamEvent[] = [];
  closed: StreamCloseReason[] = [];
  send(event: StreamEvent): void {
    this.events.push(event);
  }
  close(reason: StreamCloseReason): void {
    this.closed.push(reason);
  }
}

async function schema(): Promise<TestSchema> {
  const created = await createTestSchema('events');
  cleanups.push(() => created.drop());
  return created;
}

async function busOn(target: TestSchema): Promise<{ bus: EventBus; transport: PostgresEventTransport }> {
  const transport = new PostgresEventTransport(target.url, { schema: target.name, retryMinMs: 20, retryMaxMs: 200 });
  const bus = new EventBus(transport, { maxStreamsPerUser: 20, maxStreams: 100, log });
  await bus.start();
  cleanups.push(() => bus.close());
  return { bus, transport };
}

const until = async (check: () => boolean, ms = 3_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('PostgreSQL event transport', () => {
  it('carries messages between buses on one schema, and not to another schema', async () => {
    const shared = await schema();
    const a = await busOn(shared);
    const b = await busOn(shared);
    const stranger = await busOn(await schema());
    const onB = new RecordingSink();
    const onStranger = new RecordingSink();
    expect(b.bus.subscribe(owner, onB).ok).toBe(true);
    expect(stranger.bus.subscribe(owner, onStranger).ok).toBe(true);

    await a.bus.publishSignedIn({ ...owner, sessionId: 'n'.repeat(24) });
    await a.bus.publishEnded([
      {
        id: owner.sessionId,
        userId: owner.userId,
        tenantId: owner.tenantId,
        end: { at: Date.UTC(2030, 0, 1), reason: 'ended_by_operator', bySessionId: null, byDeviceName: null },
      },
    ]);
    await until(() => onB.closed.length === 1);
    expect(onB.events).toEqual([
      { event: 'sessions-changed', data: { sessionId: 'n'.repeat(24), change: 'signed_in' } },
      {
        event: 'session-ended',
        data: {
          sessionId: owner.sessionId,
          endReason: 'ended_by_operator',
          endedAt: '2030-01-01T00:00:00.000Z',
          endedBy: null,
        },
      },
    ]);
    expect(onB.closed).toEqual(['session-ended']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onStranger.events).toEqual([]);
  });

  it('carries new-sign-in, renamed, acknowledged to the owner’s other streams across instances', async () => {
    const shared = await schema();
    const a = await busOn(shared);
    const b = await busOn(shared);
    const watching = new RecordingSink();
    const newcomerOwnStream = new RecordingSink();
    const stranger = new RecordingSink();
    const newcomerId = 'n'.repeat(24);
    b.bus.subscribe(owner, watching);
    b.bus.subscribe({ ...owner, sessionId: newcomerId }, newcomerOwnStream);
    b.bus.subscribe({ ...owner, userId: 'user-2' }, stranger);
    const session = {
      id: newcomerId,
      current: false,
      tenantId: 'public',
      createdAt: '2030-01-01T00:00:00.000Z',
      lastActiveAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-02T00:00:00.000Z',
      device: {
        name: 'Firefox on Windows',
        browser: 'Firefox',
        browserVersion: '140',
        os: 'Windows',
        type: 'desktop',
        label: null,
      },
      ip: '193.99.144.80',
      client: 'web',
      deviceId: 'd'.repeat(24),
      location: { countryCode: 'DE', country: 'Germany', city: null, name: 'Germany' },
      newDevice: true,
    } as const;
    await a.bus.publishNewSignIn({ userId: owner.userId, tenantId: owner.tenantId, session, newCountry: true });
    await a.bus.publishChanged({ ...owner, sessionId: newcomerId }, 'acknowledged');
    await a.bus.publishChanged({ ...owner, sessionId: newcomerId }, 'renamed');
    await until(() => watching.events.length === 3);
    expect(watching.events).toEqual([
      { event: 'new-sign-in', data: { session, newCountry: true } },
      { event: 'sessions-changed', data: { sessionId: newcomerId, change: 'acknowledged' } },
      { event: 'sessions-changed', data: { sessionId: newcomerId, change: 'renamed' } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(newcomerOwnStream.events).toEqual([]);
    expect(stranger.events).toEqual([]);
  });

  it('splits a large ending into payloads PostgreSQL accepts', async () => {
    const shared = await schema();
    const a = await busOn(shared);
    const b = await busOn(shared);
    const ids = Array.from({ length: 1_000 }, (_, i) => `id${String(i).padStart(22, '0')}`);
    const sink = new RecordingSink();
    b.bus.subscribe({ ...owner, sessionId: 'watching-it-all-happen-x' }, sink);
    const end = { at: 1, reason: 'ended_by_user', bySessionId: 'x', byDeviceName: 'D'.repeat(5_000) } as const;
    await a.bus.publishEnded(ids.map((id) => ({ id, userId: owner.userId, tenantId: owner.tenantId, end })));
    await until(() => sink.events.length === ids.length);
    expect(sink.events.map((event) => ('sessionId' in event.data ? event.data.sessionId : null))).toEqual(ids);
  });

  it('listens again after its connection is killed, and closes the streams that may have missed events', async () => {
    const shared = await schema();
    const a = await busOn(shared);
    const b = await busOn(shared);
    const before = new RecordingSink();
    b.bus.subscribe(owner, before);
    const pid = await b.transport.listenerPid();
    expect(pid).not.toBeNull();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await until(() => before.closed.length === 1);
    expect(before.closed).toEqual(['missed-events']);
    expect(b.bus.streamCount).toBe(0);
    expect(await b.transport.listenerPid()).not.toBe(pid);

    const after = new RecordingSink();
    b.bus.subscribe(owner, after);
    await a.bus.publishSignedIn({ ...owner, sessionId: 'n'.repeat(24) });
    await until(() => after.events.length === 1);
  });
});

describe('GET /api/events on PostgreSQL', () => {
  let app: TestApp;
  afterEach(async () => {
    await app?.close();
  });

  it('delivers session-ended through LISTEN/NOTIFY and refuses the reconnect', async () => {
    app = await startApp({ engine: 'postgres' });
    expect(app.ctx.events.transportKind).toBe('postgres');
    const phone = await app.signUp();
    const laptop = await app.signIn(phone.email, phone.password);
    const stream = await openEvents(app.url, { client: phone.client });
    const other = await openEvents(app.url, { client: laptop.client });
    expect((await laptop.client.delete(`/api/sessions/${phone.sessionId}`)).status).toBe(204);
    expect((await stream.next('session-ended', 1_000)).data).toMatchObject({
      sessionId: phone.sessionId,
      endReason: 'ended_by_user',
      endedBy: { sessionId: laptop.sessionId },
    });
    await stream.ended;
    expect((await other.next('sessions-changed', 1_000)).data).toEqual({ sessionId: phone.sessionId, change: 'ended' });
    expect((await openEvents(app.url, { client: phone.client })).status).toBe(401);
    other.close();
  });
});
