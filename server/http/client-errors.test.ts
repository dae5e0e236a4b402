import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientErrors } from './client-errors.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function rawRequest(request: string, options: { hsts?: boolean } = {}): Promise<string> {
  const server = createServer((_req, res) => res.end('{}'));
  servers.push(server);
  answerClientErrors(server, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests the HTTP parser rejects', () => {
  it('answers a control byte in a header with a JSON 400 in the contract shape', async () => {
    const answer = await rawRequest('GET /api/me HTTP/1.1\r\nHost: x\r\nCookie: a=\u0001b\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] as string)).toEqual({
      error: { code: 'BAD_REQUEST', message: 'The request is malformed.' },
    });
  });

  it('answers headers over the limit with a JSON 400', async () => {
    const answer = await rawRequest(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1.1 400 /);
    expect(answer).toContain('too large');
    expect(answer).toContain('"code":"BAD_REQUEST"');
  });
});

describe('regression issue 16: parser-level 400 answers carry the hardening headers', () => {
  it('sends every header the app sends on its own answers, and no-store', async () => {
    const answer = await rawRequest('GET /api/me HTTP/1.1\r\nHost: x\r\nCookie: a=\u0001b\r\n\r\n');
    const head = answer.split('\r\n\r\n')[0] as string;
    expect(head).toMatch(/^HTTP\/1.1 400 /);
    for (const [name, value] of SECURITY_HEADERS) expect(head).toContain(`\r\n${name}: ${value}\r\n`);
    expect(head).toContain('\r\nCache-Control: no-store\r\n');
    expect(head).not.toContain('Strict-Transport-Security');
  });

  it('adds HSTS when the app is served over HTTPS', async () => {
    const request = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    const answer = await rawRequest(request, { hsts: true });
    expect(answer).toContain('\r\nStrict-Transport-Security: max-age=31536000; includeSubDomains\r\n');
    expect(answer).toContain('"code":"BAD_REQUEST"');
  });
});
