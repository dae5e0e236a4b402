/**
 * The load process of part `streams` (bench/stream-memory.ts starts it with `fork`): opens one
 * idle `GET /api/events` stream per access token in STREAM_TOKENS_FILE (one a line; the file is
 * deleted as soon as it is read) against STREAM_URL, reads and drops whatever the server sends,
 * and reports over IPC. A separate process, so that its 10,000 sockets count against its own
 * file-descriptor limit and its event loop is not the bench's (autocannon runs there).
 *
 * Messages to the parent: `{ kind: 'opened', opened, failed, statuses, seconds, fdLimit }`, then on
 * `'close'` from the parent `{ kind: 'closed', endedByServer }` before it exits.
 */
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { ClientRequest } from 'node:http';

const url = process.env.STREAM_URL ?? '';
const file = process.env.STREAM_TOKENS_FILE ?? '';
const CONCURRENCY = 64;

function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((item) => item.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? Number.NaN);
}

const send = (message: object): void => {
  process.send?.(message);
};

const tokens = readFileSync(file, 'utf8').split('\n').filter(Boolean);
rmSync(file, { force: true });
const fdLimit = openFileLimit();
const requests: ClientRequest[] = [];
const statuses: Record<string, number> = {};
let opened = 0;
let failed = 0;
let endedByServer = 0;
let closing = false;

function openOne(token: string): Promise<void> {
  return new Promise((done) => {
    const req = request(`${url}/api/events`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      agent: false,
    });
    requests.push(req);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (closing) return;
      statuses[error.code ?? 'error'] = (statuses[error.code ?? 'error'] ?? 0) + 1;
      failed += 1;
      done();
    });
    req.on('response', (res) => {
      statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
      res.on('data', () => {});
      res.on('end', () => {
        if (!closing) endedByServer += 1;
      });
      res.on('error', () => {});
      if (res.statusCode === 200) opened += 1;
      else failed += 1;
      done();
    });
    req.end();
  });
}

async function main(): Promise<void> {
  if (!(fdLimit > tokens.length + 64)) {
    send({ kind: 'error', error: `open-file limit ${fdLimit} is too low for ${tokens.length} streams (ulimit -n)` });
    return;
  }
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tokens.length) {
      const token = tokens[next] as string;
      next += 1;
      await openOne(token);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  send({ kind: 'opened', opened, failed, statuses, seconds: (performance.now() - start) / 1000, fdLimit });
}

process.on('message', (message) => {
  if (message !== 'close') return;
  closing = true;
  for (const req of requests) req.destroy();
  send({ kind: 'closed', endedByServer });
  process.disconnect?.();
  setTimeout(() => process.exit(0), 100);
});

main().catch((error: unknown) => {
  send({ kind: 'error', error: error instanceof Error ? error.message : String(error) });
});
