/**
 * Part 2b: the sweep of 500,000 expired sessions while the server serves `GET /api/me`. The
 * server (bench/sweep-server.ts, wired like server/main.ts) sweeps on its own event loop in
 * bounded batches, as the background sweeper does; request p99 during the sweep is compared
 * with p99 just before it.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { openPostgresStore } from '../server/storage/postgres.ts';
import { openSqliteStore } from '../server/storage/sqlite.ts';
import type { SweepReply } from './sweep-server.ts';
import type { BulkLoader } from './lib/bulk.ts';
import { openPostgresBulk, openSqliteBulk, SESSIONS_PER_USER } from './lib/bulk.ts';
import { signUp } from '../server/testing/sign-up.ts';
import { sessionControlEnv, startTarget, SWEEP_SCRIPT } from './lib/child.ts';
import { accessCookie, BENCH_ACCOUNT, PASSWORD } from './lib/http.ts';
import { hashPassword } from '../server/session/passwords.ts';
import type { LoadResult } from './request-path.ts';
import { LOAD, loadMe } from './request-path.ts';

export const SWEEP = {
  liveSessions: 100_000,
  expiredSessions: 500_000,
  /** The sweeper's default batch (server/session/sweeper.ts); BENCH_SWEEP_BATCH_SIZE tries another. */
  batchSize: Number(process.env.BENCH_SWEEP_BATCH_SIZE ?? 100),
  maxSeconds: 90,
};

export interface SweepResult {
  engine: string;
  swept: number;
  sweepSeconds: number;
  before: LoadResult;
  during: LoadResult & { maxMs: number };
  error?: string;
}

async function fill(bulk: BulkLoader): Promise<void> {
  const total = SWEEP.liveSessions + SWEEP.expiredSessions;
  await bulk.addUsers(0, total / SESSIONS_PER_USER, await hashPassword(PASSWORD, 'test'));
  await bulk.addSessions(0, SWEEP.liveSessions);
  await bulk.addSessions(SWEEP.liveSessions, total, { expired: true });
  await bulk.analyze();
}

/** Creates the schema (the store's own migrations), then bulk-loads live and expired sessions. */
export async function prepareSweepDatabase(
  engine: 'SQLite' | 'PostgreSQL',
  target: { path?: string; url?: string; schema?: string },
): Promise<void> {
  if (engine === 'SQLite') {
    await (await openSqliteStore(target.path as string)).close();
    const bulk = openSqliteBulk(target.path as string);
    try {
      await fill(bulk);
    } finally {
      await bulk.close();
    }
  } else {
    await (await openPostgresStore(target.url as string, { schema: target.schema as string })).close();
    const bulk = await openPostgresBulk(target.url as string, target.schema as string);
    try {
      await fill(bulk);
    } finally {
      await bulk.close();
    }
  }
}

function sweepOnServer(child: ChildProcess): Promise<SweepReply> {
  return new Promise((resolve) => {
    child.once('message', (message: SweepReply) => resolve(message));
    child.send({ type: 'sweep', batchSize: SWEEP.batchSize });
  });
}

export async function runSweep(
  engine: 'SQLite' | 'PostgreSQL',
  databaseUrl: string,
  log: (line: string) => void,
): Promise<SweepResult> {
  const server = await startTarget({
    name: `sweep ${engine}`,
    script: SWEEP_SCRIPT,
    ipc: true,
    env: sessionControlEnv({ DATABASE_URL: databaseUrl, REVOCATION_MODE: 'strict' }),
  });
  try {
    const cookie = accessCookie(await signUp(server.url, { ...BENCH_ACCOUNT, email: `bench-sweep@example.com` }));
    await loadMe(server.url, cookie, 1);
    const before = await loadMe(server.url, cookie, LOAD.durationSeconds);
    let reply: SweepReply | null = null;
    let pending: Promise<SweepReply> | null = null;
    const during = await new Promise<LoadResult & { maxMs: number }>((resolve, reject) => {
      const instance = autocannon(
        { url: `${server.url}/api/me`, connections: LOAD.connections, duration: SWEEP.maxSeconds, headers: { cookie } },
        (error, result) => {
          if (error) {
            reject(error);
            return;
          }
          resolve({
            requests: result['2xx'],
            requestsPerSecond: result['2xx'] / result.duration,
            p50Ms: result.latency.p50,
            p99Ms: result.latency.p99,
            maxMs: result.latency.max,
            failures: result.non2xx + result.errors + result.timeouts,
          });
        },
      );
      // Let the load settle for a moment, then sweep; stop the load when the sweep is done.
      setTimeout(() => {
        pending = sweepOnServer(server.child);
        pending.then((message) => {
          reply = message;
          instance.stop();
        }, reject);
      }, 500);
    });
    let stoppedEarly = false;
    if (reply === null && pending !== null) {
      // The load ran its maximum: stop the sweep after its current batch and report what it did.
      stoppedEarly = true;
      server.child.send({ type: 'stop' });
      reply = await (pending as Promise<SweepReply>);
    }
    const swept = reply as SweepReply | null;
    if (swept === null) throw new Error('the sweep never started');
    log(
      `  sweep ${engine}: ${swept.count} rows in ${(swept.milliseconds / 1000).toFixed(1)} s; ` +
        `p99 ${before.p99Ms} → ${during.p99Ms} ms`,
    );
    const result: SweepResult = { engine, swept: swept.count, sweepSeconds: swept.milliseconds / 1000, before, during };
    if (swept.error !== undefined) result.error = swept.error;
    else if (stoppedEarly)
      result.error = `stopped after ${SWEEP.maxSeconds} s with ${swept.count} of ${SWEEP.expiredSessions} rows swept`;
    return result;
  } finally {
    await server.stop();
  }
}
