/**
 * The floor of the request-path benchmark (issue 15, item 3): plain `node:http`, no framework,
 * answering `GET /api/me` with the bytes the bare Express target (bench/bare-server.ts) sends —
 * the same body, `X-Powered-By: Express`, `Content-Type: application/json; charset=utf-8`,
 * `Content-Length` and the weak ETag Express computes (SHA-1 of the body, as the `etag` package
 * does), worked out per request as Express does. Started like the other targets: PORT/HOST from
 * the environment, one JSON line on stdout when listening, the keep-alive settings of
 * server/main.ts. What it costs less than bare Express is Express itself.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The `etag` package's weak tag for a string body: W/"<length hex>-<27 chars of base64 SHA-1>". */
function weakEtag(body: string): string {
  const hash = createHash('sha1').update(body, 'utf8').digest('base64').substring(0, 27);
  return `W/"${Buffer.byteLength(body, 'utf8').toString(16)}-${hash}"`;
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/api/me') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const body = JSON.stringify({ user: { id: 'u', email: 'e@x.y' } });
  res.setHeader('X-Powered-By', 'Express');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body, 'utf8'));
  res.setHeader('ETag', weakEtag(body));
  res.end(body);
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ event: 'server.listening', url: `http://127.0.0.1:${port}` })}\n`);
});
// Same keep-alive settings as server/main.ts.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
