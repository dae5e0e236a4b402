/**
 * Part `streams` (issue 11, item 5): memory per open idle event stream with 10,000 streams on one
 * strict-mode SQLite instance, and `GET /api/me` throughput with those streams open against none,
 * in the same run.
 *
 * 10,000 sessions (1,000 users with ten each, so the per-user cap of 20 is not in play) are
 * bulk-loaded into the database file before the server starts (bench/lib/bulk.ts), and an access
 * token is signed for each with the store's own signing key, as the server would at sign-in. A
 * separate load process (bench/stream-load.ts) opens one stream per token. Memory is read by the
 * preloaded probe (bench/gc-probe.ts: full GC, then `process.memoryUsage()`) before and after;
 * throughput is autocannon from this process: rounds with no streams, with the streams open, and
 * again with none after they closed.
 */
import { fork } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';
import { signAccessToken } from '../server/session/access-token.ts';
import { KeyRing } from '../server/session/keys.ts';
import { hashPassword } from '../server/session/passwords.ts';
import { openSqliteStore } from '../server/storage/sqlite.ts';
import { signUp } from '../server/testing/sign-up.ts';
import type { ServerProcess } from '../server/testing/server-process.ts';
import { PUBLIC_ORIGIN } from './events.ts';
import { openSqliteBulk, SESSIONS_PER_USER } from './lib/bulk.ts';
import { MAIN_SCRIPT, ROOT, rssMiB, sessionControlEnv, startTarget } from './lib/child.ts';
import { accessCookie, BENCH_ACCOUNT, PASSWORD } from './lib/http.ts';
import { median } from './lib/stats.ts';
import type { MemorySample } from './memory.ts';
import { probe } from './memory.ts';
import { LOAD, loadMe } from './request-path.ts';

export interface StreamMemoryResult {
  streams: number;
  opened: number;
  failed: number;
  /** Answers to the stream requests by status (or error code). */
  statuses: Record<string, number>;
  openSeconds: number;
  /** The load process's open-file limit. */
  fdLimit: number;
  /** The server's open file descriptors before and with the streams open. */
  serverFds: [number, number];
  before: MemorySample;
  after: MemorySample;
  /** RSS without a GC first, before and with the streams open. */
  rssMiB: [number, number];
  /** (after − before) / opened, KiB. */
  heapKiBPerStream: number;
  rssKiBPerStream: number;
  /** Per-round req/s of `GET /api/me`: none open, the streams open, none again after they closed. */
  noneRps: number[];
  openRps: number[];
  noneAfterRps: number[];
  /** median(openRps) / median(noneRps ∪ noneAfterRps). */
  ratio: number;
  /** Streams the server ended while they should have stayed open. */
  endedByServer: number;
}

export const STREAM_GOAL_KIB = 16;
export const STREAM_RATIO_GOAL = 0.95;
const ROUNDS = 3;
const KiB = 1024;

function openFds(server: ServerProcess): number {
  return readdirSync(`/proc/${server.child.pid}/fd`).length;
}

/** Bulk sessions, and an access token for each signed with the store's key. */
async function prepareDatabase(path: string, streams: number, env: Record<string, string>): Promise<string[]> {
  const store = await openSqliteStore(path);
  try {
    const keys = await KeyRing.open(store, Date.now);
    const bulk = openSqliteBulk(path);
    try {
      await bulk.addUsers(0, Math.ceil(streams / SESSIONS_PER_USER), await hashPassword(PASSWORD, 'test'));
      await bulk.addSessions(0, streams);
    } finally {
      await bulk.close();
    }
    const config = loadConfig({ ...env, PORT: '3000', DASHBOARD_DIR: '' });
    const settings = {
      issuer: config.issuer,
      audience: config.accessTokenAudience,
      ttlSeconds: config.accessTokenTtlSeconds,
    };
    const db = new Database(path);
    // As if every device had been active within the last minute: opening its stream then writes no
    // "last active" (a write waits for fsync, and 10,000 of them would take minutes here).
    db.prepare('UPDATE sessions SET last_active_at = ?').run(Date.now());
    const rows = db.prepare('SELECT id, user_id, tenant_id, absolute_expires_at FROM sessions').all() as {
      id: string;
      user_id: string;
      tenant_id: string;
      absolute_expires_at: number;
    }[];
    db.close();
    const now = Date.now();
    const tokens: string[] = [];
    for (const row of rows) {
      const subject = { userId: row.user_id, sessionId: row.id, tenantId: row.tenant_id };
      tokens.push((await signAccessToken(keys, settings, subject, now, row.absolute_expires_at)).token);
    }
    return tokens;
  } finally {
    await store.close();
  }
}

function nextMessage(child: ChildProcess, kind: string, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((done, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stream load process sent no '${kind}'`)), timeoutMs);
    const onMessage = (message: Record<string, unknown>): void => {
      if (message.kind === 'error') reject(new Error(String(message.error)));
      else if (message.kind !== kind) return;
      else done(message);
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the stream load process exited (${code})`)));
  });
}

async function rounds(url: string, cookie: string, log: (line: string) => void, label: string): Promise<number[]> {
  const values: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const load = await loadMe(url, cookie, LOAD.durationSeconds);
    if (load.failures > 0) throw new Error(`GET /api/me failed ${load.failures} times (${label})`);
    values.push(load.requestsPerSecond);
    log(`  ${label} round ${round + 1}: ${load.requestsPerSecond.toFixed(0)} req/s`);
  }
  return values;
}

export async function runStreamMemory(
  tempDir: string,
  streams: number,
  log: (line: string) => void,
): Promise<StreamMemoryResult> {
  const path = join(tempDir, 'streams.db');
  const env = sessionControlEnv({
    DATABASE_URL: `sqlite:${path}`,
    REVOCATION_MODE: 'strict',
    PUBLIC_ORIGIN,
    // The default per-instance cap is exactly 10,000; leave room for the bench's own requests.
    MAX_EVENT_STREAMS: String(streams + 100),
  });
  const tokens = await prepareDatabase(path, streams, env);
  const server = await startTarget({
    name: 'streams strict SQLite',
    script: MAIN_SCRIPT,
    env,
    nodeArgs: ['--expose-gc', '--import', pathToFileURL(resolve(ROOT, 'dist/node/bench/gc-probe.js')).href],
  });
  let child: ChildProcess | undefined;
  try {
    const account = await signUp(server.url, {
      ...BENCH_ACCOUNT,
      email: 'bench-streams@example.com',
      origin: PUBLIC_ORIGIN,
    });
    const cookie = accessCookie(account);
    await loadMe(server.url, cookie, LOAD.warmupSeconds);
    const noneRps = await rounds(server.url, cookie, log, 'no streams');
    await new Promise((wait) => setTimeout(wait, 500));
    const before = await probe(server, 0);
    const rssBefore = rssMiB(server);
    const fdsBefore = openFds(server);

    const tokenFile = join(tempDir, 'stream-tokens.txt');
    writeFileSync(tokenFile, tokens.join('\n'), { mode: 0o600 });
    child = fork(resolve(ROOT, 'dist/node/bench/stream-load.js'), [], {
      env: { ...process.env, STREAM_URL: server.url, STREAM_TOKENS_FILE: tokenFile },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const opened = await nextMessage(child, 'opened', 180_000);
    log(`  opened ${String(opened.opened)} streams in ${Number(opened.seconds).toFixed(1)} s`);
    await new Promise((wait) => setTimeout(wait, 2_000));
    const after = await probe(server, Number(opened.opened));
    const rssAfter = rssMiB(server);
    const fdsAfter = openFds(server);
    const openRps = await rounds(server.url, cookie, log, `${String(opened.opened)} streams open`);

    const closedMessage = nextMessage(child, 'closed', 30_000);
    child.send('close');
    const closed = await closedMessage;
    // Until the server has let go of the sockets (closing 10,000 takes it a while), then a moment more.
    for (let waited = 0; openFds(server) > fdsBefore + 20 && waited < 30_000; waited += 250)
      await new Promise((wait) => setTimeout(wait, 250));
    await new Promise((wait) => setTimeout(wait, 1_000));
    const noneAfterRps = await rounds(server.url, cookie, log, 'no streams again');
    const count = Number(opened.opened);
    return {
      streams,
      opened: count,
      failed: Number(opened.failed),
      statuses: opened.statuses as Record<string, number>,
      openSeconds: Number(opened.seconds),
      fdLimit: Number(opened.fdLimit),
      serverFds: [fdsBefore, fdsAfter],
      before,
      after,
      rssMiB: [rssBefore, rssAfter],
      heapKiBPerStream: ((after.heapAfterGcMiB - before.heapAfterGcMiB) * KiB) / count,
      rssKiBPerStream: ((after.rssMiB - before.rssMiB) * KiB) / count,
      noneRps,
      openRps,
      noneAfterRps,
      ratio: median(openRps) / median([...noneRps, ...noneAfterRps]),
      endedByServer: Number(closed.endedByServer),
    };
  } finally {
    if (child !== undefined && child.exitCode === null) child.kill();
    await server.stop();
  }
}
