/** PATCH /api/sessions/:id, POST /api/sessions/:id/acknowledge and their events (issue 12). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  errorBodySchema,
  historyResponseSchema,
  newSignInEventSchema,
  sessionListResponseSchema,
  sessionResponseSchema,
} from '../../shared/schemas.ts';
import { openEvents } from '../testing/event-stream-client.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import type { TestClient } from '../testing/test-client.ts';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const rename = (client: TestClient, id: string, label: unknown, origin?: string | null) =>
  client.request('PATCH', `/api/sessions/${id}`, { json: { label }, ...(origin === undefined ? {} : { origin }) });

async function listOf(client: TestClient) {
  return sessionListResponseSchema.parse((await client.get('/api/sessions')).body).sessions;
}

describe('PATCH /api/sessions/:id', () => {
  it('names the device: every session on it, live and ended, and the ones that come later', async () => {
    app = await startApp();
    const { client, email, password, sessionId, deviceId } = await app.signUp();
    const second = await client.post('/auth/signin', { email, password });
    expect(second.status).toBe(200);
    const answer = await rename(client, sessionId, '  Work laptop  ');
    expect(answer.status).toBe(200);
    expect(sessionResponseSchema.parse(answer.body).session).toMatchObject({
      id: sessionId,
      deviceId,
      device: { label: 'Work laptop' },
    });
    const onDevice = (await listOf(client)).filter((session) => session.deviceId === deviceId);
    expect(onDevice.map((session) => session.device.label)).toEqual(['Work laptop', 'Work laptop']);
    await client.post('/auth/signout');
    const later = await client.post<{ session: { device: { label: string | null } } }>('/auth/signin', {
      email,
      password,
    });
    expect(later.body.session.device.label).toBe('Work laptop');
    const history = historyResponseSchema.parse((await client.get('/api/sessions/history')).body).sessions;
    expect(history.map((session) => session.device.label)).toContain('Work laptop');
    const removed = await rename(client, sessionId, null);
    expect(sessionResponseSchema.parse(removed.body).session.device.label).toBeNull();
    expect((await listOf(client)).every((session) => session.device.label === null)).toBe(true);
  });

  it('keeps markup as text', async () => {
    app = await startApp();
    const { client, sessionId } = await app.signUp();
    const answer = await rename(client, sessionId, '<img src=x onerror=alert(1)> & "me"');
    expect(answer.status).toBe(200);
    expect(sessionResponseSchema.parse(answer.body).session.device.label).toBe('<img src=x onerror=alert(1)> & "me"');
  });

  const BAD_LABELS: [string, unknown][] = [
    ['empty', ''],
    ['only spaces', '   '],
    ['41 characters', 'a'.repeat(41)],
    ['10 KB', 'x'.repeat(10 * 1024)],
    ['an RTL override', 'Work\u202Egol.exe'],
    ['a right-to-left isolate', 'Work\u2067laptop'],
    ['a zero-width space', 'Work\u200Blaptop'],
    ['a zero-width joiner', 'Work\u200Dlaptop'],
    ['a NUL', 'Work\u0000laptop'],
    ['a newline', 'Work\nlaptop'],
    ['an escape sequence', '\u001b[31mred'],
    ['a C1 control', 'Work\u0085laptop'],
    ['a line separator', 'Work\u2028laptop'],
    ['a number', 42],
    ['an object', { text: 'x' }],
  ];

  it.each(BAD_LABELS)('refuses a label with %s: 400 in the contract shape, nothing changes', async (_name, label) => {
    app = await startApp();
    const { client, sessionId } = await app.signUp();
    expect((await rename(client, sessionId, 'Before')).status).toBe(200);
    const answer = await rename(client, sessionId, label);
    expect(answer.status).toBe(400);
    expect(errorBodySchema.parse(answer.body).error.code).toBe('BAD_REQUEST');
    expect((await listOf(client))[0]?.device.label).toBe('Before');
  });

  it('refuses a body without a label, and extra fields', async () => {
    app = await startApp();
    const { client, sessionId } = await app.signUp();
    for (const json of [{}, { label: 'ok', extra: 1 }]) {
      const answer = await client.request('PATCH', `/api/sessions/${sessionId}`, { json });
      expect(answer.status).toBe(400);
    }
  });
});

describe('both device endpoints', () => {
  it('answer another user’s, another tenant’s, an ended and an unknown session as 404, changing nothing', async () => {
    app = await startApp();
    await app.store.insertTenant({ id: 'acme', createdAt: app.clock.now });
    const me = await app.signUp();
    const other = await app.signUp();
    const otherSecond = await app.signIn(other.email, other.password);
    await app.store.addUserToTenant(me.userId, 'acme');
    const mineElsewhere = await app.signIn(me.email, me.password, { tenantId: 'acme' });
    const ended = await app.signIn(me.email, me.password);
    await ended.client.post('/auth/signout');
    for (const id of [
      other.sessionId,
      otherSecond.sessionId,
      mineElsewhere.sessionId,
      ended.sessionId,
      'x'.repeat(24),
    ]) {
      const patched = await rename(me.client, id, 'Mine now');
      expect(patched.status).toBe(404);
      expect(errorBodySchema.parse(patched.body).error.code).toBe('SESSION_NOT_FOUND');
      const acknowledged = await me.client.post(`/api/sessions/${id}/acknowledge`);
      expect(acknowledged.status).toBe(404);
      expect(errorBodySchema.parse(acknowledged.body).error.code).toBe('SESSION_NOT_FOUND');
    }
    const theirs = await listOf(otherSecond.client);
    expect(theirs.every((session) => session.device.label === null)).toBe(true);
    expect(theirs.find((session) => session.id === otherSecond.sessionId)?.newDevice).toBe(true);
  });

  it('refuse a cross-site request (CSRF) with 403 FORBIDDEN_ORIGIN, changing nothing', async () => {
    app = await startApp();
    const { client, email, password } = await app.signUp();
    const fresh = await app.signIn(email, password);
    for (const origin of ['https://evil.example', null]) {
      const patched = await rename(client, fresh.sessionId, 'Evil', origin);
      expect(patched.status).toBe(403);
      expect(errorBodySchema.parse(patched.body).error.code).toBe('FORBIDDEN_ORIGIN');
      const acknowledged = await client.post(`/api/sessions/${fresh.sessionId}/acknowledge`, undefined, { origin });
      expect(acknowledged.status).toBe(403);
    }
    const session = (await listOf(client)).find((item) => item.id === fresh.sessionId);
    expect(session).toMatchObject({ newDevice: true, device: { label: null } });
  });
});

describe('POST /api/sessions/:id/acknowledge and the events', () => {
  it('tells the other streams of a new sign-in, then of its acknowledgement and name; no one else', async () => {
    app = await startApp();
    const owner = await app.signUp();
    const stranger = await app.signUp();
    const mine = await openEvents(app.url, { client: owner.client });
    const theirs = await openEvents(app.url, { client: stranger.client });
    const phone = await app.signIn(owner.email, owner.password);
    const alert = await mine.next('new-sign-in');
    const data = newSignInEventSchema.parse(alert.data);
    expect(data.session).toMatchObject({ id: phone.sessionId, newDevice: true, current: false });
    expect(data.newCountry).toBeUndefined();
    expect((await app.signIn(stranger.email, stranger.password)).newDevice).toBe(true);
    const acknowledged = await owner.client.post(`/api/sessions/${phone.sessionId}/acknowledge`);
    expect(acknowledged.status).toBe(204);
    const changes = () => mine.events.filter((event) => event.event === 'sessions-changed').map((event) => event.data);
    await vi.waitFor(() => expect(changes()).toContainEqual({ sessionId: phone.sessionId, change: 'acknowledged' }));
    expect((await rename(owner.client, phone.sessionId, 'Phone')).status).toBe(200);
    await vi.waitFor(() => expect(changes()).toContainEqual({ sessionId: phone.sessionId, change: 'renamed' }));
    expect((await listOf(owner.client)).find((session) => session.id === phone.sessionId)?.newDevice).toBe(false);
    expect(mine.events.filter((event) => event.event === 'new-sign-in')).toHaveLength(1);
    const strangerSaw = theirs.events.map((event) => JSON.stringify(event.data)).join('\n');
    expect(strangerSaw).not.toContain(phone.sessionId);
    expect(mine.raw()).not.toContain(phone.deviceToken);
    mine.close();
    theirs.close();
  });
});
