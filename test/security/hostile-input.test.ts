/**
 * Hostile text that ends up in the session list: user agents and client addresses with markup,
 * control characters, bidirectional overrides and 8 KB of junk. The server stores them capped
 * and stripped and serves them only as JSON data; showing them as text is tested on the
 * dashboard's and the popup's side.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../server/testing/test-app.ts';
import {
  DEVICE_LABEL_MAX_LENGTH,
  parseDevice,
  sanitiseText,
  USER_AGENT_MAX_LENGTH,
} from '../../server/session/device.ts';
import type { TestApp } from '../../server/testing/test-app.ts';
import { freshEmail } from '../../server/testing/sign-up.ts';
import { bearer, expectError, itLeavesNoSecretInTheLogs, rememberSecret, startTarget } from './attack-kit.ts';

// C0/C1 controls, DEL, and the bidi marks that make text read differently from what it is.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(document.cookie)>"\'&';

// The same attacks on every store engine (issue 16): SQLite in memory and a fresh PostgreSQL schema.
describe.each(ENGINES)('on %s', (engine) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget({}, { engine });
  });
  afterAll(async () => h.close());

  /** Sends a raw HTTP/1.1 request, bytes as given, and returns the raw answer. */
  function rawRequest(port: number, head: Buffer, body: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
      socket.write(
        Buffer.concat([
          head,
          Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`),
        ]),
      );
    });
  }

  async function storedDeviceOf(sessionId: string) {
    const session = await h.store.findSessionById(sessionId);
    if (session === null) throw new Error('session missing');
    return session;
  }

  describe('user agents', () => {
    it('a user agent full of markup is stored as plain data and served only as JSON, never as a document', async () => {
      const person = await h.signUp({
        mode: 'header',
        userAgent: `Mozilla/5.0 ${MARKUP} (X11; Linux x86_64) Firefox/133.0`,
      });
      const response = await fetch(`${h.url}/api/sessions`, bearer(person.accessToken));
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      const text = await response.text();
      const body = JSON.parse(text) as { sessions: { device: Record<string, unknown> }[] };
      // The device name is the parsed browser and OS, not the raw header.
      expect(body.sessions[0]?.device.name).toBe('Firefox on Linux');
      expect(text).not.toContain('<script>');
    });

    it('a user agent of 8 KB is capped before it is parsed or stored', async () => {
      const huge = `Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 ${'A'.repeat(8 * 1024)}`;
      const person = await h.signUp({ mode: 'header', userAgent: huge });
      const session = await storedDeviceOf(person.sessionId);
      expect(session.device.userAgent?.length).toBeLessThanOrEqual(USER_AGENT_MAX_LENGTH);
      expect(session.device.name.length).toBeLessThan(100);
      const listed = await fetch(`${h.url}/api/sessions`, bearer(person.accessToken));
      expect((await listed.text()).length).toBeLessThan(2048);
    });

    it('control characters in a user agent (raw bytes on the wire) are refused or stripped, never stored', async () => {
      const email = freshEmail('controls');
      const password = 'control-chars-pw';
      rememberSecret(password);
      const body = JSON.stringify({ email, password });
      // Tab and the C1 range (as Latin-1 bytes) get through Node's parser; other C0 bytes are refused by it.
      const head = Buffer.concat([
        Buffer.from(
          'POST /auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
            'X-Auth-Mode: header\r\nUser-Agent: Firefox/133.0\t',
        ),
        Buffer.from([0x85, 0x9b, 0x80, 0x9f]),
        Buffer.from(' (X11; Linux x86_64)\r\n'),
      ]);
      const answer = await rawRequest(h.port, head, body);
      expect(answer.startsWith('HTTP/1.1 201')).toBe(true);
      const user = await h.store.findUserByEmail(email);
      const [session] = await h.store.listSessionsByUser(user!.id, h.clock.now);
      expect(session?.device.userAgent).not.toMatch(UNSAFE);
      expect(session?.device.userAgent).toContain('Firefox/133.0');
      const { tokens } = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
        tokens: { accessToken: string; refreshToken: string };
      };
      rememberSecret(tokens.accessToken);
      rememberSecret(tokens.refreshToken);
      const refused = await rawRequest(
        h.port,
        Buffer.from(
          'POST /auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
            'User-Agent: a\x01b\x1bc\r\n',
        ),
        body,
      );
      expect(refused.startsWith('HTTP/1.1 400')).toBe(true);
    });

    it('right-to-left overrides and other bidi marks in a user agent are stripped (UTF-8 or decoded)', async () => {
      // Over the wire the header is Latin-1, so UTF-8 bidi marks arrive as C1 bytes and are stripped with them.
      const utf8AsLatin1 = Buffer.from('Firefox/133.0 \u202Egnp.exe\u202C (X11; Linux x86_64)', 'utf8').toString(
        'latin1',
      );
      const person = await h.signUp({ mode: 'header', userAgent: utf8AsLatin1 });
      expect((await storedDeviceOf(person.sessionId)).device.userAgent).not.toMatch(UNSAFE);
      // Decoded text (what a proxy or another caller of the parser may hand over) is stripped too.
      const device = parseDevice('Mozilla/5.0 \u202E\u2066Firefox/133.0\u2069\u200F (X11; Linux x86_64)\u0000\u0007');
      expect(device.userAgent).not.toMatch(UNSAFE);
      expect(device.name).not.toMatch(UNSAFE);
    });
  });

  describe('labels', () => {
    it('a label is set only by PATCH: label fields at sign-in and PUT/POST on a session are refused', async () => {
      const person = await h.signUp({ mode: 'header' });
      const withLabel = await fetch(`${h.url}/auth/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: person.email, password: person.password, label: MARKUP }),
      });
      await expectError(withLabel, 400, 'BAD_REQUEST');
      for (const method of ['PUT', 'POST']) {
        const response = await fetch(`${h.url}/api/sessions/${person.sessionId}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${person.accessToken}` },
          body: JSON.stringify({ label: MARKUP }),
        });
        expect(response.status).toBe(404);
      }
      expect((await storedDeviceOf(person.sessionId)).device.label).toBeNull();
    });

    it('PATCH refuses labels with bidi overrides, zero-width or control characters, 10 KB: no change', async () => {
      const person = await h.signUp({ mode: 'header' });
      for (const label of [
        `Kitchen\u202E tablet`,
        'Kit\u200Bchen',
        'Kitchen\u0007',
        '\u001b[31mred',
        'x'.repeat(10_240),
      ]) {
        const response = await fetch(`${h.url}/api/sessions/${person.sessionId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${person.accessToken}` },
          body: JSON.stringify({ label }),
        });
        await expectError(response, 400, 'BAD_REQUEST');
      }
      expect((await storedDeviceOf(person.sessionId)).device.label).toBeNull();
    });

    it('the label sanitiser strips control and bidi characters and caps 8 KB to the label limit', () => {
      const hostile = `Kitchen\u202E tablet\u0000\u0007\u001b[31m ${'x'.repeat(8 * 1024)}`;
      const clean = sanitiseText(hostile, DEVICE_LABEL_MAX_LENGTH);
      expect(clean.length).toBeLessThanOrEqual(DEVICE_LABEL_MAX_LENGTH);
      expect(clean).not.toMatch(UNSAFE);
      expect(clean.startsWith('Kitchen tablet')).toBe(true);
    });

    it('a hostile label already in the store is served as JSON data, escaped by the serialiser', async () => {
      const person = await h.signUp({ mode: 'header' });
      // Written straight into the database, as a label route would keep it.
      await h.query('UPDATE sessions SET label = ? WHERE id = ?', [`${MARKUP}\u2028\u2029`, person.sessionId]);
      const response = await fetch(`${h.url}/api/sessions`, bearer(person.accessToken));
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { sessions: { device: { label: string | null } }[] };
      expect(body.sessions[0]?.device.label).toBe(`${MARKUP}\u2028\u2029`);
    });
  });

  describe('JSON bodies', () => {
    it('prototype pollution via __proto__ or constructor keys in a body is refused and pollutes nothing', async () => {
      const person = await h.signUp({ mode: 'header' });
      for (const body of [
        '{"__proto__":{"admin":true},"email":"a@example.test","password":"long-enough-pw"}',
        '{"constructor":{"prototype":{"admin":true}},"email":"a@example.test","password":"long-enough-pw"}',
        '{"password":"x","__proto__":{"isAdmin":true}}',
      ]) {
        for (const path of ['/auth/signup', '/auth/signin', '/auth/reauthenticate']) {
          const response = await fetch(`${h.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${person.accessToken}` },
            body,
          });
          expect([400, 401]).toContain(response.status);
          await response.arrayBuffer();
        }
      }
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(await h.store.findUserByEmail('a@example.test')).toBeNull();
    });
  });

  describe('client addresses', () => {
    it('behind a trusted proxy, a non-address X-Forwarded-For (markup, 8 KB, controls) is not recorded', async () => {
      const proxied = await startTarget({ TRUST_PROXY: 'loopback' }, { engine });
      try {
        for (const forwarded of [MARKUP, 'x'.repeat(8000), '1.2.3.4\t<b>', 'unknown', '999.1.1.1']) {
          const response = await fetch(`${proxied.url}/auth/signup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-auth-mode': 'header', 'x-forwarded-for': forwarded },
            body: JSON.stringify({ email: freshEmail('xff'), password: 'hostile-xff-pw' }),
          });
          rememberSecret('hostile-xff-pw');
          expect(response.status).toBe(201);
          const body = (await response.json()) as {
            session: { ip: string | null };
            tokens: { accessToken: string; refreshToken: string };
          };
          rememberSecret(body.tokens.accessToken);
          rememberSecret(body.tokens.refreshToken);
          expect(body.session.ip).toBe('127.0.0.1');
        }
      } finally {
        await proxied.close();
      }
    });
  });
});

itLeavesNoSecretInTheLogs();
