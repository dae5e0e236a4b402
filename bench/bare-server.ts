/**
 * The baseline of the request-path benchmark: a bare Express 5 endpoint returning a small JSON
 * body, started like the real server (PORT/HOST from the environment, one JSON line on stdout
 * when listening) so that both are measured the same way.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';

const app = express();
app.get('/api/me', (_req, res) => {
  res.json({ user: { id: 'u', email: 'e@x.y' } });
});

const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ event: 'server.listening', url: `http://127.0.0.1:${port}` })}\n`);
});
// Same keep-alive settings as server/main.ts.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
