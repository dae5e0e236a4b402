/**
 * Issue 16, defect 2: a body over 16 KiB is refused with 413 and changes nothing, whatever its
 * framing, also on routes that read no body. Over real sockets, because the framing (chunked or
 * Content-Length) is the point.
 */
import { request as httpRequest, Agent } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from './json-body.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface RawOptions {
  headers?: Record<string, string>;
  /** Sent as separate writes; chunked unless `contentLength` is set. */
  chunks?: string[];
  contentLength?: boolean;
  agent?: Agent;
  /** Awaited after the first chunk is written; the rest is sent after it. */
  between?: () => Promise<void>;
}

const PASSWORD = 'correct horse battery';
const JSON_HEADER_MODE = { 'content-type': 'application/json', 'x-auth-mode': 'header' };

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app.close());

function send(method: string, path: string, options: RawOptions = {}): Promise<RawAnswer> {
  const url = new URL(app.url);
  const chunks = options.chunks ?? [];
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const length = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
  if (options.contentLength) headers['content-length'] = String(length);
  else if (chunks.length > 0) headers['transfer-encoding'] = 'chunked';
  const target = { host: url.hostname, port: url.port, method, path, headers, agent: options.agent ?? false };
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (data: string) => (body += data));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    // The server may answer 413 before all of a large body is sent; that is not a failure here.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    const [first, ...rest] = chunks;
    if (first !== undefined) req.write(first);
    void (options.between ?? (async () => {}))().then(() => {
      for (const chunk of rest) req.write(chunk);
      req.end();
    }, reject);
  });
}

/** `total` bytes of filler in 1 KiB writes, so the server sees many chunks. */
function filler(total: number): string[] {
  const chunks: string[] = [];
  for (let sent = 0; sent < total; sent += 1024) chunks.push('x'.repeat(Math.min(1024, total - sent)));
  return chunks;
}

const BIG = filler(20 * 1024);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Account {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  email: string;
}

async function signIn(path: '/auth/signup' | '/auth/signin', email: string): Promise<Account> {
  const chunks = [JSON.stringify({ email, password: PASSWORD })];
  const answer = await send('POST', path, { headers: JSON_HEADER_MODE, chunks, contentLength: true });
  expect(answer.status).toBeLessThan(300);
  const body = JSON.parse(answer.body) as { session: { id: string }; tokens: Omit<Account, 'sessionId' | 'email'> };
  return { ...body.tokens, sessionId: body.session.id, email };
}

let accounts = 0;
const headerAccount = () => signIn('/auth/signup', `body-${Date.now()}-${++accounts}@example.test`);

async function sessionIds(accessToken: string): Promise<string[]> {
  const listed = await send('GET', '/api/sessions', { headers: bearer(accessToken) });
  expect(listed.status).toBe(200);
  return (JSON.parse(listed.body) as { sessions: { id: string }[] }).sessions.map((session) => session.id).sort();
}

function expectTooLarge(answer: RawAnswer): void {
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
}

describe('regression issue 16: bodies over 16 KiB, whatever their framing', () => {
  it('a chunked 20 KiB body on POST /auth/session/refresh is a 413 and rotates nothing', async () => {
    const account = await headerAccount();
    expectTooLarge(await send('POST', '/auth/session/refresh', { headers: bearer(account.refreshToken), chunks: BIG }));
    // The token was not used up: it still refreshes (and is not taken for a replayed one).
    expect((await send('POST', '/auth/session/refresh', { headers: bearer(account.refreshToken) })).status).toBe(200);
  });

  it('a chunked 20 KiB body on DELETE /api/sessions/:id is a 413 and the session lives on', async () => {
    const account = await headerAccount();
    const other = await signIn('/auth/signin', account.email);
    const withToken = { headers: bearer(account.accessToken), chunks: BIG };
    for (const id of [other.sessionId, account.sessionId]) {
      expectTooLarge(await send('DELETE', `/api/sessions/${id}`, withToken));
    }
    expectTooLarge(await send('DELETE', '/api/sessions?scope=all', withToken));
    expectTooLarge(await send('POST', '/auth/signout', withToken));
    expect(await sessionIds(account.accessToken)).toEqual([account.sessionId, other.sessionId].sort());
  });

  it('nothing happens while a chunked body is still arriving; past 16 KiB it is refused', async () => {
    const account = await headerAccount();
    const other = await signIn('/auth/signin', account.email);
    let seenMeanwhile: string[] = [];
    const refused = await send('DELETE', `/api/sessions/${other.sessionId}`, {
      headers: bearer(account.accessToken),
      chunks: ['y'.repeat(10 * 1024), 'y'.repeat(10 * 1024)],
      between: async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        seenMeanwhile = await sessionIds(account.accessToken);
      },
    });
    expectTooLarge(refused);
    expect(seenMeanwhile).toContain(other.sessionId);
    expect(await sessionIds(account.accessToken)).toContain(other.sessionId);
  });

  it('the same bodies with Content-Length are a 413 too, and so is a chunked one on a GET', async () => {
    const account = await headerAccount();
    const sized = { chunks: BIG, contentLength: true };
    expectTooLarge(await send('POST', '/auth/session/refresh', { headers: bearer(account.refreshToken), ...sized }));
    const path = `/api/sessions/${account.sessionId}`;
    expectTooLarge(await send('DELETE', path, { headers: bearer(account.accessToken), ...sized }));
    expectTooLarge(await send('GET', '/api/me', { headers: bearer(account.accessToken), chunks: BIG }));
    expect((await send('GET', '/api/me', { headers: bearer(account.accessToken) })).status).toBe(200);
  });

  it('a chunked body of exactly 16 KiB where none is read is accepted; one byte more is not', async () => {
    const account = await headerAccount();
    const full = filler(BODY_LIMIT_BYTES);
    const atLimit = await send('POST', '/auth/session/refresh', {
      headers: bearer(account.refreshToken),
      chunks: full,
    });
    expect(atLimit.status).toBe(200);
    const next = (JSON.parse(atLimit.body) as { tokens: { refreshToken: string } }).tokens.refreshToken;
    const over = filler(BODY_LIMIT_BYTES + 1);
    expectTooLarge(await send('POST', '/auth/session/refresh', { headers: bearer(next), chunks: over }));
    expect((await send('POST', '/auth/session/refresh', { headers: bearer(next), chunks: ['{}'] })).status).toBe(200);
  });

  it('a chunked JSON body up to 16 KiB is still read and validated; over 16 KiB it is a 413', async () => {
    const account = await headerAccount();
    const body = JSON.stringify({ email: account.email, password: PASSWORD });
    const pieces = [body.slice(0, 10), body.slice(10, 20), body.slice(20)];
    expect((await send('POST', '/auth/signin', { headers: JSON_HEADER_MODE, chunks: pieces })).status).toBe(200);
    const padded = `{"email":"${account.email}","password":"${'p'.repeat(BODY_LIMIT_BYTES)}"}`;
    expectTooLarge(await send('POST', '/auth/signin', { headers: JSON_HEADER_MODE, chunks: [padded] }));
    const unknownField = ['{"email":"a@b.test",', '"password":"x","extra":1}'];
    expect((await send('POST', '/auth/signin', { headers: JSON_HEADER_MODE, chunks: unknownField })).status).toBe(400);
    expect((await send('POST', '/auth/signin', { headers: JSON_HEADER_MODE, chunks: ['{"email":'] })).status).toBe(400);
  });

  it('a keep-alive connection carries on after a chunked body where none is read', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const account = await headerAccount();
      const first = await send('GET', '/api/me', { headers: bearer(account.accessToken), chunks: ['{}', '  '], agent });
      expect(first.status).toBe(200);
      expect(first.headers.connection ?? 'keep-alive').toBe('keep-alive');
      expect((await send('GET', '/api/me', { headers: bearer(account.accessToken), agent })).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
