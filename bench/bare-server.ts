/**
 * The baseline of the request-path benchmark: a bare Express 5 endpoint returning a small JSON
 * body, started like the real server (PORT/HOST from the environment, one JSON line on stdout
 * when listening) so that both are measured the same way.
 *
 * With BARE_RESPONSE=full it answers with what Session Control's `GET /api/me` sends (the same
 * headers and a body of the same shape and size) but does no authentication at all: the gap
 * between it and the small baseline is the price of the response, not of the session check.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SECURITY_HEADERS } from '../server/http/security-headers.ts';

// The server's own list, plus the no-store it sets on every answer.
const FULL_HEADERS: (readonly [string, string])[] = [...SECURITY_HEADERS, ['Cache-Control', 'no-store']];

function fullBody(now: number): unknown {
  const at = new Date(now).toISOString();
  return {
    user: { id: '56fccd24-59b4-4002-9955-8ce4e95771de', email: 'bench-strict-sqlite@example.com' },
    session: {
      id: 'wdEP1u9UMI5uGKzUuFcGzpp5',
      current: true,
      tenantId: 'public',
      createdAt: at,
      lastActiveAt: at,
      expiresAt: at,
      device: {
        name: 'Firefox on Linux',
        browser: 'Firefox',
        browserVersion: '128.0',
        os: 'Linux',
        type: 'desktop',
        label: null,
      },
      ip: '127.0.0.1',
      client: 'web',
    },
  };
}

const full = process.env.BARE_RESPONSE === 'full';
const app = express();
if (full) {
  // Configured like server/http/app.ts.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/api/me', (_req, res) => {
    for (const [name, value] of FULL_HEADERS) res.setHeader(name, value);
    res.json(fullBody(Date.now()));
  });
} else {
  app.get('/api/me', (_req, res) => {
    res.json({ user: { id: 'u', email: 'e@x.y' } });
  });
}

const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ event: 'server.listening', url: `http://127.0.0.1:${port}` })}\n`);
});
// Same keep-alive settings as server/main.ts.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
