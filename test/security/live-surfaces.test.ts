/**
 * Attacks on the live surfaces of v1.1 (issue 16, item 3): the event stream GET /api/events and
 * the history GET /api/sessions/history, black-box over real sockets, on both store engines.
 * What an attacker would check: another user's or tenant's events, secrets in any byte of a
 * stream, forged events through a User-Agent, streams outliving their session, forged
 * credentials, cross-site reads, the stream caps, slow readers, and history cursors.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema, historyResponseSchema } from '../../shared/schemas.ts';
import { sessionControlFor } from '../../server/index.ts';
import { openEvents } from '../../server/testing/event-stream-client.ts';
import type { EventStreamConnection } from '../../server/testing/event-stream-client.ts';
import { CHROME_WINDOWS, ENGINES } from '../../server/testing/test-app.ts';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import { bearer, itLeavesNoSecretInTheLogs, rememberSecret, startTarget, usedSecrets } from './attack-kit.ts';

const EVENT_NAMES = new Set(['session-ended', 'sessions-changed', 'new-sign-in']);
const EVIL = 'https://evil.example';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await pause(10);
  }
}

/** A non-200 answer to GET /api/events must be the contract's JSON error, never a stream or a 5xx. */
function expectJsonRefusal(stream: EventStreamConnection, status: number, code?: string): void {
  expect(stream.status).toBe(status);
  expect(stream.headers['content-type']).toMatch(/^application\/json/);
  const body = errorBodySchema.parse(stream.body);
  if (code !== undefined) expect(body.error.code).toBe(code);
}

function accessControlHeaders(headers: Record<string, unknown> | Headers): string[] {
  const names = headers instanceof Headers ? [...headers.keys()] : Object.keys(headers);
  return names.filter((name) => name.toLowerCase().startsWith('access-control-'));
}

/**
 * Parses a raw SSE byte stream the strict way an attacker's forgery would have to pass: every
 * block is comments only, or exactly one `id:`, one `event:` (a contract name) and one `data:`
 * line of JSON, and nothing else. Returns the events.
 */
function strictParse(raw: string): { id: string; event: string; data: unknown }[] {
  expect(raw.includes('\r')).toBe(false);
  const blocks = raw.split('\n\n');
  // What follows the last blank line is an unfinished block: there must be none.
  expect(blocks.at(-1)).toBe('');
  const events: { id: string; event: string; data: unknown }[] = [];
  for (const block of blocks.slice(0, -1)) {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith(':'))) continue;
    expect(lines).toHaveLength(3);
    const [idLine, eventLine, dataLine] = lines as [string, string, string];
    expect(idLine).toMatch(/^id: \d+$/);
    expect(eventLine).toMatch(/^event: [a-z-]+$/);
    expect(dataLine).toMatch(/^data: \{/);
    const event = eventLine.slice('event: '.length);
    expect(EVENT_NAMES.has(event)).toBe(true);
    events.push({ id: idLine.slice(4), event, data: JSON.parse(dataLine.slice('data: '.length)) });
  }
  return events;
}

/** Every form a stored secret could take: itself, and its SHA-256 in hex, base64 and base64url. */
function secretForms(secret: string): string[] {
  const digest = createHash('sha256').update(secret).digest();
  return [secret, digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')];
}

function expectNoSecretIn(bytes: string): void {
  expect(usedSecrets.size).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const secret of usedSecrets) {
    for (const form of secretForms(secret)) if (bytes.includes(form)) leaks.push(form.slice(0, 12));
  }
  expect(leaks).toEqual([]);
  expect(bytes).not.toMatch(/eyJ[\w-]*\.[\w-]*\.|scrt_|sc_access|sc_refresh|password/i);
}

/** One raw HTTP/1.1 exchange (bytes as given, latin1), so that headers fetch would refuse can be sent. */
function rawExchange(port: number, head: string, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(
      Buffer.from(`${head}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`, 'latin1'),
    );
    // Not end(): the server would drop a half-closed connection before answering.
    socket.write(Buffer.from(body, 'utf8'));
  });
}

describe.each(ENGINES)('on %s', (engine) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget({}, { engine });
    await h.store.insertTenant({ id: 'acme', createdAt: h.clock.now });
  });
  afterAll(async () => h.close());

  async function historyIds(account: AppAccount, query = ''): Promise<{ status: number; ids: string[] }> {
    const response = await fetch(`${h.url}/api/sessions/history${query}`, bearer(account.accessToken));
    const text = await response.text();
    if (response.status !== 200) {
      expect(response.status, query.slice(0, 80)).toBe(400);
      expect(errorBodySchema.parse(JSON.parse(text)).error.code).toBe('BAD_REQUEST');
      return { status: 400, ids: [] };
    }
    return { status: 200, ids: historyResponseSchema.parse(JSON.parse(text)).sessions.map((session) => session.id) };
  }

  describe('the event stream', () => {
    it('delivers no other user’s or other tenant’s event; the stranger’s own stream gets theirs', async () => {
      const watcher = await h.signUp();
      const stranger = await h.signUp({ mode: 'header' });
      const watching = await openEvents(h.url, { client: watcher.client });
      const strangers = await openEvents(h.url, { bearer: stranger.accessToken });
      expect([watching.status, strangers.status]).toEqual([200, 200]);
      // The stranger signs in, ends a session, signs out everywhere; the watcher does the same in another tenant.
      const strangersOther = await h.signIn(stranger.email, stranger.password, { mode: 'header' });
      await strangers.next('sessions-changed');
      await fetch(`${h.url}/api/sessions?scope=all`, { method: 'DELETE', ...bearer(strangersOther.accessToken) });
      await strangers.ended;
      await h.store.addUserToTenant(watcher.userId, 'acme');
      const elsewhere = await h.signIn(watcher.email, watcher.password, { tenantId: 'acme', mode: 'header' });
      const elsewhereStream = await openEvents(h.url, { bearer: elsewhere.accessToken });
      await fetch(`${h.url}/api/sessions?scope=all`, { method: 'DELETE', ...bearer(elsewhere.accessToken) });
      await elsewhereStream.ended;
      // A marker of the watcher's own: once it arrived, everything before it has been delivered.
      const mine = await h.signIn(watcher.email, watcher.password);
      const marker = await watching.next('sessions-changed');
      await pause(100);
      expect(marker.data).toEqual({ sessionId: mine.sessionId, change: 'signed_in' });
      // A new client is a new device: the watcher also hears "was this you?", of its own sign-in only.
      await watching.next('new-sign-in');
      expect(watching.events.map((event) => event.event)).toEqual(['sessions-changed', 'new-sign-in']);
      expect(watching.events[1]?.data).toMatchObject({ session: { id: mine.sessionId } });
      for (const event of strangers.events) {
        expect(JSON.stringify(event.data)).not.toContain(watcher.sessionId);
        expect(JSON.stringify(event.data)).not.toContain(mine.sessionId);
      }
      expect(JSON.stringify(elsewhereStream.events)).not.toContain(mine.sessionId);
      watching.close();
    });

    it('puts no token, refresh token, cookie value or hash of one in any byte of any stream', async () => {
      const cookieUser = await h.signUp();
      const headerUser = await h.signIn(cookieUser.email, cookieUser.password, { mode: 'header' });
      for (const value of [...cookieUser.jar.header('/auth/session/refresh').split('; '), cookieUser.jar.header('/')])
        rememberSecret(value.split('=').slice(1).join('='));
      const streams = [
        await openEvents(h.url, { client: cookieUser.client }),
        await openEvents(h.url, { bearer: headerUser.accessToken }),
      ];
      // Everything that makes events: sign-ins, refreshes (rotations), endings by others and by oneself.
      const third = await h.signIn(cookieUser.email, cookieUser.password, { mode: 'header' });
      const refreshed = await fetch(`${h.url}/auth/session/refresh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${third.refreshToken}`, 'x-auth-mode': 'header' },
      });
      const rotated = (await refreshed.json()) as { tokens?: { accessToken: string; refreshToken: string } };
      rememberSecret(rotated.tokens?.accessToken);
      rememberSecret(rotated.tokens?.refreshToken);
      streams.push(await openEvents(h.url, { bearer: rotated.tokens?.accessToken ?? '' }));
      expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200]);
      await fetch(`${h.url}/api/sessions/${third.sessionId}`, { method: 'DELETE', ...bearer(headerUser.accessToken) });
      await streams[2]?.ended;
      await cookieUser.client.post('/auth/signout');
      await streams[0]?.ended;
      await streams[1]?.next('sessions-changed');
      streams[1]?.close();
      const bytes = streams.map((stream) => stream.raw()).join('');
      expect(bytes).toContain('session-ended');
      expectNoSecretIn(bytes);
    });

    it('a User-Agent with newlines, event:, data: or id: cannot forge an event or a field', async () => {
      const owner = await h.signUp();
      const watching = await openEvents(h.url, { client: owner.client });
      const forged = 'event: session-ended\ndata: {"sessionId":"forged"}\nid: 999\nretry: 1';
      const hostile = [
        `${CHROME_WINDOWS}\nevent: session-ended\ndata: {"sessionId":"forged"}\nid: 999`,
        `${CHROME_WINDOWS}\revent: session-ended\rdata: {"sessionId":"forged"}`,
        `${CHROME_WINDOWS}\r\n event: session-ended\r\n data: {"sessionId":"forged"}`,
        `${CHROME_WINDOWS}\x85event: session-ended\x85data: x\u00a0id: 1\x00`,
        `${CHROME_WINDOWS} ${forged.replaceAll('\n', ' ')}`,
        `${forged.replaceAll('\n', '\t')}`,
        `\xe2\x80\xa8event: session-ended\xe2\x80\xa9data: {}`,
      ];
      let signedIn = 0;
      const accepted: string[] = [];
      let lastVictim: string | null = null;
      for (const userAgent of hostile) {
        const victim = await h.signIn(owner.email, owner.password, { mode: 'header' });
        const victimStream = await openEvents(h.url, { bearer: victim.accessToken });
        expect(victimStream.status).toBe(200);
        const answer = await rawExchange(
          h.port,
          `POST /auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: ${userAgent}\r\n` +
            'X-Auth-Mode: header\r\nContent-Type: application/json\r\n',
          JSON.stringify({ email: owner.email, password: owner.password }),
        );
        expect(answer.status, JSON.stringify(userAgent)).toBeGreaterThanOrEqual(200);
        expect(answer.status, JSON.stringify(userAgent)).toBeLessThan(500);
        if (answer.status !== 200) {
          victimStream.close();
          continue;
        }
        signedIn += 1;
        const tokens = (JSON.parse(answer.body) as { tokens: { accessToken: string; refreshToken: string } }).tokens;
        rememberSecret(tokens.accessToken);
        rememberSecret(tokens.refreshToken);
        // The hostile device ends the victim's session: its name travels in session-ended's endedBy.
        const ended = await fetch(`${h.url}/api/sessions/${victim.sessionId}`, {
          method: 'DELETE',
          ...bearer(tokens.accessToken),
        });
        expect(ended.status).toBe(204);
        await victimStream.ended;
        const hostileId = (JSON.parse(answer.body) as { session: { id: string } }).session.id;
        // Exactly what really happened: the hostile sign-in (a new device), then the ending. Nothing forged.
        const events = strictParse(victimStream.raw());
        expect(events.map((event) => event.event)).toEqual(['sessions-changed', 'new-sign-in', 'session-ended']);
        expect(events[0]?.data).toEqual({ sessionId: hostileId, change: 'signed_in' });
        const alert = events[1]?.data as { session: { id: string; device: { name: string } } } | undefined;
        expect(alert?.session.id).toBe(hostileId);
        expect(alert?.session.device.name ?? '').not.toMatch(/[\n\r\u0085\u2028\u2029]/);
        expect(events[2]?.data).toMatchObject({ sessionId: victim.sessionId, endReason: 'ended_by_user' });
        const endedData = events[2]?.data as { endedBy: { deviceName: string | null } } | undefined;
        const deviceName = endedData?.endedBy.deviceName;
        accepted.push(deviceName ?? '');
        expect(deviceName ?? '').not.toMatch(/[\n\r\u0085\u2028\u2029]/);
        lastVictim = victim.sessionId;
      }
      expect(signedIn).toBeGreaterThan(0);
      expect(accepted.every((name) => !name.includes('event:') && !name.includes('data:'))).toBe(true);
      expect(lastVictim).not.toBeNull();
      await owner.client.post('/auth/signout');
      await watching.ended;
      // The owner's stream saw only real sign-ins and endings, each a well-formed block.
      const events = strictParse(watching.raw());
      expect(events.filter((event) => event.event === 'session-ended')).toHaveLength(1);
      expect(events.every((event) => (event.data as { sessionId: string }).sessionId !== 'forged')).toBe(true);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    });

    it('a stream whose session is revoked closes; reconnecting with it is 401 JSON (cookie, header mode)', async () => {
      const owner = await h.signUp();
      const other = await h.signIn(owner.email, owner.password, { mode: 'header' });
      const spare = await h.signIn(owner.email, owner.password, { mode: 'header' });
      const cookieStream = await openEvents(h.url, { client: owner.client });
      const headerStream = await openEvents(h.url, { bearer: other.accessToken });
      // Ended by another device, and by a sign-out of its own.
      expect(
        (await fetch(`${h.url}/api/sessions/${owner.sessionId}`, { method: 'DELETE', ...bearer(spare.accessToken) }))
          .status,
      ).toBe(204);
      await fetch(`${h.url}/auth/signout`, {
        method: 'POST',
        ...bearer(other.accessToken, { 'x-auth-mode': 'header' }),
      });
      await Promise.all([cookieStream.ended, headerStream.ended]);
      expect(cookieStream.events.at(-1)).toMatchObject({
        event: 'session-ended',
        data: { sessionId: owner.sessionId },
      });
      expect(headerStream.events.at(-1)).toMatchObject({
        event: 'session-ended',
        data: { sessionId: other.sessionId },
      });
      expectJsonRefusal(await openEvents(h.url, { client: owner.client }), 401, 'UNAUTHORISED');
      expectJsonRefusal(await openEvents(h.url, { bearer: other.accessToken }), 401, 'UNAUTHORISED');
      // And the history of the survivor shows both endings, nothing else.
      expect((await historyIds(spare)).ids.sort()).toEqual([other.sessionId, owner.sessionId].sort());
    });

    it('an operator’s revocation (revokeSession, revokeAllSessionsForUser) tells and closes every stream', async () => {
      const operator = sessionControlFor(h.ctx);
      const owner = await h.signUp({ mode: 'header' });
      const second = await h.signIn(owner.email, owner.password, { mode: 'header' });
      const one = await openEvents(h.url, { bearer: owner.accessToken });
      const two = await openEvents(h.url, { bearer: second.accessToken });
      expect(await operator.revokeSession(owner.sessionId)).toBe(true);
      await one.ended;
      expect(one.events.at(-1)).toMatchObject({ event: 'session-ended', data: { endReason: 'ended_by_operator' } });
      expect(await operator.revokeAllSessionsForUser(owner.userId)).toEqual([second.sessionId]);
      await two.ended;
      expect(two.events.at(-1)).toMatchObject({ event: 'session-ended', data: { sessionId: second.sessionId } });
      expectJsonRefusal(await openEvents(h.url, { bearer: second.accessToken }), 401, 'UNAUTHORISED');
    });

    it('forged, tampered, truncated and junk tokens and cookies open no stream and no history: 401 JSON', async () => {
      const owner = await h.signUp();
      const header = await h.signIn(owner.email, owner.password, { mode: 'header' });
      const token = header.accessToken;
      const [head = '', payload = '', signature = ''] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const stranger = await h.signUp({ mode: 'header' });
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const tokens = [
        `${encode({ alg: 'none', typ: 'at+jwt' })}.${payload}.`,
        `${head}.${encode({ ...claims, sub: stranger.userId })}.${signature}`,
        `${head}.${encode({ ...claims, tid: 'acme' })}.${signature}`,
        `${head}.${encode({ ...claims, exp: Number(claims.exp) + 86_400 })}.${signature}`,
        `${head}.${payload}.${flipped}`,
        `${head}.${payload}`,
        token.slice(0, -10),
        `${token}x`,
        header.refreshToken,
        `eyJ${'A'.repeat(8_000)}`,
        'null',
        '',
      ];
      const attempts: { label: string; headers: Record<string, string> }[] = [
        ...tokens.map((forged, index) => ({
          label: `bearer ${index}`,
          headers: { authorization: `Bearer ${forged}` },
        })),
        { label: 'basic', headers: { authorization: `Basic ${Buffer.from(`${owner.email}:x`).toString('base64')}` } },
        ...tokens
          .slice(0, 9)
          .map((forged, index) => ({ label: `cookie ${index}`, headers: { cookie: `sc_access=${forged}` } })),
        { label: 'refresh cookie', headers: { cookie: `sc_refresh=${header.refreshToken}` } },
        { label: 'two cookies', headers: { cookie: `sc_access=junk; sc_access=${tokens[1]}` } },
      ];
      for (const attempt of attempts) {
        const stream = await openEvents(h.url, { headers: attempt.headers });
        expect(stream.status, attempt.label).toBe(401);
        expectJsonRefusal(stream, 401);
        const history = await fetch(`${h.url}/api/sessions/history`, { headers: attempt.headers });
        expect(history.status, attempt.label).toBe(401);
        errorBodySchema.parse(await history.json());
      }
      // The genuine token still works: the refusals above were the forgeries.
      const genuine = await openEvents(h.url, { bearer: token });
      expect(genuine.status).toBe(200);
      genuine.close();
    });

    it('a cross-site page with the victim’s cookies gets no Access-Control-* header: it reads nothing', async () => {
      const victim = await h.signUp();
      const cookie = victim.client.cookieHeader('/api/events') ?? '';
      const crossSite = { origin: EVIL, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', cookie };
      const stream = await openEvents(h.url, { headers: crossSite });
      expect(accessControlHeaders(stream.headers)).toEqual([]);
      stream.close();
      const refused = await openEvents(h.url, { headers: { origin: EVIL, cookie: 'sc_access=forged' } });
      expectJsonRefusal(refused, 401);
      expect(accessControlHeaders(refused.headers)).toEqual([]);
      for (const path of ['/api/events', '/api/sessions/history']) {
        const preflight = await fetch(`${h.url}${path}`, {
          method: 'OPTIONS',
          headers: {
            origin: EVIL,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization, last-event-id',
          },
        });
        expect(preflight.status).toBeLessThan(500);
        expect(accessControlHeaders(preflight.headers)).toEqual([]);
        const read = await fetch(`${h.url}${path}`, { headers: { ...crossSite, 'sec-fetch-mode': 'no-cors' } });
        expect(accessControlHeaders(read.headers)).toEqual([]);
        await read.body?.cancel();
      }
    });
  });

  describe('the stream caps', () => {
    let capped: TestApp;
    beforeAll(async () => {
      capped = await startTarget({ MAX_EVENT_STREAMS_PER_USER: '5', MAX_EVENT_STREAMS: '60' }, { engine });
    });
    afterAll(async () => capped.close());

    it('200 sequential and 50 concurrent opens by one user: never more than 5 of their streams open', async () => {
      const bystander = await capped.signUp();
      const bystanderStream = await openEvents(capped.url, { client: bystander.client });
      const attacker = await capped.signUp();
      const opened: EventStreamConnection[] = [];
      let most = 0;
      for (let i = 0; i < 200; i += 1) {
        const stream = await openEvents(capped.url, { client: attacker.client });
        expect(stream.status).toBe(200);
        opened.push(stream);
        // The server's own count: the bystander's one plus at most 5 of the attacker's.
        most = Math.max(most, capped.ctx.events.streamCount);
      }
      expect(most).toBeLessThanOrEqual(6);
      await until(() => opened.filter((stream) => !stream.isEnded()).length === 5);
      expect(opened.slice(-5).every((stream) => !stream.isEnded())).toBe(true);

      let sampled = 0;
      const sampler = setInterval(() => {
        sampled = Math.max(sampled, capped.ctx.events.streamCount);
      }, 1);
      const burst = await Promise.all(
        Array.from({ length: 50 }, () => openEvents(capped.url, { client: attacker.client })),
      );
      clearInterval(sampler);
      sampled = Math.max(sampled, capped.ctx.events.streamCount);
      expect(burst.every((stream) => stream.status === 200)).toBe(true);
      expect(sampled).toBeLessThanOrEqual(6);
      const all = [...opened, ...burst];
      await until(() => all.filter((stream) => !stream.isEnded()).length === 5);
      // The attacker's flood did not touch the other user's stream, which still gets its events.
      expect(bystanderStream.isEnded()).toBe(false);
      await capped.signIn(bystander.email, bystander.password);
      expect((await bystanderStream.next('sessions-changed')).data).toMatchObject({ change: 'signed_in' });
      for (const stream of [...all, bystanderStream]) stream.close();
      await until(() => capped.ctx.events.streamCount === 0);
    }, 60_000);

    it('past MAX_EVENT_STREAMS: 503 JSON with Retry-After, and the open streams still work', async () => {
      const users = await Promise.all(Array.from({ length: 13 }, () => capped.signUp({ mode: 'header' })));
      const open: EventStreamConnection[] = [];
      for (const user of users.slice(0, 12)) {
        for (let i = 0; i < 5; i += 1) open.push(await openEvents(capped.url, { bearer: user.accessToken }));
      }
      expect(open.every((stream) => stream.status === 200)).toBe(true);
      expect(capped.ctx.events.streamCount).toBe(60);
      const late = users[12] as AppAccount;
      const refused = await Promise.all(
        Array.from({ length: 20 }, () => openEvents(capped.url, { bearer: late.accessToken })),
      );
      for (const stream of refused) {
        expectJsonRefusal(stream, 503, 'SERVICE_UNAVAILABLE');
        expect(stream.headers['retry-after']).toBe('5');
      }
      const first = users[0] as AppAccount;
      await capped.signIn(first.email, first.password);
      for (const stream of open.slice(0, 5)) await stream.next('sessions-changed');
      for (const stream of open) stream.close();
      await until(() => capped.ctx.events.streamCount === 0);
      const later = await openEvents(capped.url, { bearer: late.accessToken });
      expect(later.status).toBe(200);
      later.close();
    }, 60_000);
  });

  it('stateless: a revoked session’s valid token gets no stream and closes none of the owner’s', async () => {
    const stateless = await startTarget({ REVOCATION_MODE: 'stateless', MAX_EVENT_STREAMS_PER_USER: '2' }, { engine });
    try {
      const owner = await stateless.signUp({ mode: 'header' });
      const stolen = await stateless.signIn(owner.email, owner.password, { mode: 'header' });
      const ownerStreams = [
        await openEvents(stateless.url, { bearer: owner.accessToken }),
        await openEvents(stateless.url, { bearer: owner.accessToken }),
      ];
      const revoked = await fetch(`${stateless.url}/api/sessions/${stolen.sessionId}`, {
        method: 'DELETE',
        ...bearer(owner.accessToken),
      });
      expect(revoked.status).toBe(204);
      for (let i = 0; i < 5; i += 1) {
        expectJsonRefusal(await openEvents(stateless.url, { bearer: stolen.accessToken }), 401, 'UNAUTHORISED');
      }
      await pause(100);
      expect(ownerStreams.map((stream) => stream.isEnded())).toEqual([false, false]);
      for (const stream of ownerStreams) stream.close();
    } finally {
      await stateless.close();
    }
  });

  it('a raw socket that never reads does not stall delivery to another stream of the same user', async () => {
    const owner = await h.signUp();
    const stalled = connect(h.port, '127.0.0.1');
    stalled.on('error', () => {});
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.pause();
    stalled.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${owner.client.cookieHeader('/api/events')}\r\n\r\n`,
    );
    await pause(50);
    const reader = await openEvents(h.url, { client: owner.client });
    expect(reader.status).toBe(200);
    const latencies: number[] = [];
    // Each sign-in (a new device) is also a new-sign-in event; the list changes are counted here.
    const changes = () => reader.events.filter((event) => event.event === 'sessions-changed');
    for (let i = 0; i < 30; i += 1) {
      const started = Date.now();
      const signedIn = await h.signIn(owner.email, owner.password, { mode: 'header' });
      await until(() => changes().length === i + 1, 1_000);
      expect(changes()[i]?.data).toEqual({ sessionId: signedIn.sessionId, change: 'signed_in' });
      latencies.push(Date.now() - started);
    }
    expect(changes()).toHaveLength(30);
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    expect(reader.isEnded()).toBe(false);
    stalled.destroy();
    reader.close();
  }, 60_000);

  describe('history cursors and limits', () => {
    let me: AppAccount;
    let stranger: AppAccount;
    const myEnded: string[] = [];
    const theirEnded: string[] = [];
    let myCursor = '';
    let theirCursor = '';
    beforeAll(async () => {
      me = await h.signUp({ mode: 'header' });
      stranger = await h.signUp({ mode: 'header' });
      for (const [account, list] of [
        [me, myEnded],
        [stranger, theirEnded],
      ] as const) {
        for (let i = 0; i < 3; i += 1) {
          const other = await h.signIn(account.email, account.password, { mode: 'header' });
          h.clock.advance(1_000);
          await fetch(`${h.url}/auth/signout`, {
            method: 'POST',
            ...bearer(other.accessToken, { 'x-auth-mode': 'header' }),
          });
          list.push(other.sessionId);
        }
      }
      const page = async (account: AppAccount) =>
        historyResponseSchema.parse(
          await (await fetch(`${h.url}/api/sessions/history?limit=1`, bearer(account.accessToken))).json(),
        ).next ?? '';
      myCursor = await page(me);
      theirCursor = await page(stranger);
      expect(myCursor).not.toBe('');
    });

    it('forged, tampered, truncated, oversized, another user’s cursors show only the caller’s own', async () => {
      const cursor = (text: string) => Buffer.from(text).toString('base64url');
      const theirs = theirEnded[2] as string;
      const tampered = `${myCursor.slice(0, 4)}${myCursor[4] === 'A' ? 'B' : 'A'}${myCursor.slice(5)}`;
      const candidates = [
        theirCursor,
        cursor(`${h.clock.now + 1}.${theirs}`),
        cursor(`999999999999999.${theirs}`),
        cursor(`0.${theirs}`),
        cursor(`${h.clock.now + 1}.${me.sessionId}`),
        tampered,
        myCursor.slice(0, -1),
        myCursor.slice(0, -4),
        myCursor.slice(0, 8),
        `${myCursor}A`,
        `${myCursor}==`,
        cursor(`-1.${theirs}`),
        cursor(`01.${theirs}`),
        cursor(`1e3.${theirs}`),
        cursor(`${h.clock.now}.${theirs}' OR '1'='1`),
        cursor(`${h.clock.now}.${theirs}\u0000`),
        cursor(`${h.clock.now}.%`),
        cursor(`9999999999999999999999.${theirs}`),
        'A'.repeat(96),
        'A'.repeat(97),
        'A'.repeat(4_096),
        'A'.repeat(14_000),
        '%00',
        '..%2F..%2F',
        '%E2%80%AE',
        encodeURIComponent('a+/='),
        `${myCursor}&before=${theirCursor}`,
        '',
      ];
      const mine = new Set(myEnded);
      for (const before of candidates) {
        const response = await fetch(`${h.url}/api/sessions/history?before=${before}`, bearer(me.accessToken));
        expect(response.status, before.slice(0, 60)).toBeLessThan(500);
        expect([200, 400, 414, 431], before.slice(0, 60)).toContain(response.status);
        if (response.status === 414 || response.status === 431) continue;
        const text = await response.text();
        if (response.status === 400) {
          expect(errorBodySchema.parse(JSON.parse(text)).error.code).toBe('BAD_REQUEST');
          continue;
        }
        const ids = historyResponseSchema.parse(JSON.parse(text)).sessions.map((session) => session.id);
        for (const id of ids) expect(mine.has(id), before.slice(0, 60)).toBe(true);
        for (const id of theirEnded) expect(text).not.toContain(id);
      }
      // Bracketed and repeated forms are refused, not read as objects or arrays.
      for (const query of ['?before[]=x', `?before[$gt]=${myCursor}`, `?before=${myCursor}&before=${myCursor}`]) {
        expect((await historyIds(me, query)).status).toBe(400);
      }
    });

    it('limit edges: 1 and 100 work; 0, 101, negative, fraction, padded, huge, repeated are 400', async () => {
      const one = await historyIds(me, '?limit=1');
      expect(one).toEqual({ status: 200, ids: [myEnded[2]] });
      const hundred = await historyIds(me, '?limit=100');
      expect(hundred).toEqual({ status: 200, ids: [...myEnded].reverse() });
      // Paging one by one visits each of mine once, and only mine.
      const visited: string[] = [];
      let next: string | null = null;
      do {
        const query: string = next === null ? '?limit=1' : `?limit=1&before=${next}`;
        const page = historyResponseSchema.parse(
          await (await fetch(`${h.url}/api/sessions/history${query}`, bearer(me.accessToken))).json(),
        );
        visited.push(...page.sessions.map((session) => session.id));
        next = page.next;
      } while (next !== null && visited.length < 10);
      expect(visited).toEqual([...myEnded].reverse());
      for (const limit of [
        '0',
        '101',
        '-1',
        '1.5',
        '01',
        '%201',
        '1e2',
        '0x10',
        'Infinity',
        'NaN',
        '',
        '9'.repeat(40),
      ]) {
        expect((await historyIds(me, `?limit=${limit}`)).status, limit).toBe(400);
      }
      expect((await historyIds(me, '?limit=1&limit=2')).status).toBe(400);
    });

    it('another tenant’s ended sessions never appear, whatever header or query names it', async () => {
      await h.store.addUserToTenant(me.userId, 'acme');
      const inAcme = await h.signIn(me.email, me.password, { tenantId: 'acme', mode: 'header' });
      const acmeOther = await h.signIn(me.email, me.password, { tenantId: 'acme', mode: 'header' });
      await fetch(`${h.url}/auth/signout`, {
        method: 'POST',
        ...bearer(acmeOther.accessToken, { 'x-auth-mode': 'header' }),
      });
      expect((await historyIds(inAcme)).ids).toEqual([acmeOther.sessionId]);
      const here = await historyIds(me);
      expect(here.ids).not.toContain(acmeOther.sessionId);
      expect(here.ids.sort()).toEqual([...myEnded].sort());
      const tenantHeaders: Record<string, string>[] = [
        { 'x-tenant-id': 'acme' },
        { 'x-tenant': 'acme' },
        { tenant: 'acme' },
      ];
      for (const headers of tenantHeaders) {
        const response = await fetch(`${h.url}/api/sessions/history`, bearer(me.accessToken, headers));
        expect(await response.text()).not.toContain(acmeOther.sessionId);
      }
      expect((await historyIds(me, '?tenantId=acme')).status).toBe(400);
      // A cursor naming the other tenant's session positions only this tenant's history.
      const forged = Buffer.from(`${h.clock.now + 1}.${acmeOther.sessionId}`).toString('base64url');
      expect((await historyIds(me, `?before=${forged}`)).ids.sort()).toEqual([...myEnded].sort());
    });
  });

  it('an expired access token opens no stream and no history: 401 JSON asking for a refresh', async () => {
    const owner = await h.signUp({ mode: 'header' });
    const stream = await openEvents(h.url, { bearer: owner.accessToken });
    expect(stream.status).toBe(200);
    h.clock.advance((h.config.accessTokenTtlSeconds + 1) * 1000);
    expectJsonRefusal(await openEvents(h.url, { bearer: owner.accessToken }), 401, 'TRY_REFRESH_TOKEN');
    const history = await fetch(`${h.url}/api/sessions/history`, bearer(owner.accessToken));
    expect(history.status).toBe(401);
    stream.close();
  });
});

itLeavesNoSecretInTheLogs();
