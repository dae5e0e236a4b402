/**
 * Part `events`: live sign-out latency (issue 11). Each trial signs a session in (header mode),
 * opens its GET /api/events stream, revokes it from another session of the same user with
 * DELETE /api/sessions/:id, and times from the moment that call returned (and from the moment it
 * was sent) to the moment the stream client parsed `session-ended`. Measured in the raw stream client
 * (server/testing/event-stream-client.ts), not in a browser.
 *
 * Setups: one instance on SQLite (the in-process event bus), and two instances on one PostgreSQL
 * schema behind nginx with the docs/deploy.md config (LISTEN/NOTIFY between the instances), where
 * the trials alternate so that the stream and the revoke land on the same instance or on the other.
 */
import { join } from 'node:path';
import { openEvents } from '../server/testing/event-stream-client.ts';
import type { ServerProcess } from '../server/testing/server-process.ts';
import { signIn, signUp } from '../server/testing/sign-up.ts';
import type { SignUpOptions } from '../server/testing/sign-up.ts';
import { startNginx } from '../test/cluster/nginx.ts';
import type { Nginx } from '../test/cluster/nginx.ts';
import { MAIN_SCRIPT, sessionControlEnv, startTarget } from './lib/child.ts';
import { BENCH_ACCOUNT, PASSWORD } from './lib/http.ts';
import { percentile } from './lib/stats.ts';

export interface EventsResult {
  setup: string;
  trials: number;
  /** Trials whose `session-ended` arrived within 2 s of the revoke returning (the contract's promise). */
  withinPromise: number;
  /** Trials whose `session-ended` was parsed before the revoke's answer was (the time is then ≤ 0). */
  beforeAnswer: number;
  /** From the revoke's answer to `session-ended` (negative: the event came first). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From sending the revoke to `session-ended`: the whole sign-out as the revoking client starts it. */
  sentP50Ms: number;
  sentP99Ms: number;
  error?: string;
}

const USERS = 5;
/** The origin the instances are told they serve at (header-mode clients send none; cookie clients send it). */
export const PUBLIC_ORIGIN = 'http://127.0.0.1:8080';
const PROMISE_MS = 2_000;
const GIVE_UP_MS = 5_000;
const HEADER: SignUpOptions = { ...BENCH_ACCOUNT, mode: 'header' };

/** The trials against `url`; `beforeTrial(trial, step)` may steer a load balancer before each request. */
async function measure(
  setup: string,
  url: string,
  trials: number,
  deadline: number,
  beforeRequest: (trial: number, step: 'stream' | 'revoke') => Promise<void> = async () => {},
): Promise<EventsResult> {
  const emails = Array.from({ length: USERS }, (_, index) => `bench-events-${index}@example.com`);
  const managers = [];
  for (const email of emails) managers.push(await signUp(url, { ...HEADER, email }));
  const times: number[] = [];
  const sinceSent: number[] = [];
  let beforeAnswer = 0;
  let done = 0;
  for (let trial = 0; trial < trials && Date.now() < deadline; trial += 1) {
    const manager = managers[trial % USERS];
    if (manager === undefined) throw new Error('no manager session');
    const victim = await signIn(url, manager.email, PASSWORD, HEADER);
    await beforeRequest(trial, 'stream');
    const stream = await openEvents(url, { bearer: victim.accessToken });
    if (stream.status !== 200) throw new Error(`GET /api/events answered ${stream.status}`);
    try {
      const arrived = stream.next('session-ended', GIVE_UP_MS).then(() => performance.now());
      // A failed trial is reported by the await below; keep the rejection from being unhandled meanwhile.
      arrived.catch(() => {});
      await beforeRequest(trial, 'revoke');
      const sentAt = performance.now();
      const response = await fetch(`${url}/api/sessions/${encodeURIComponent(victim.sessionId)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${manager.accessToken}` },
      });
      await response.arrayBuffer();
      const returnedAt = performance.now();
      if (response.status !== 204) throw new Error(`DELETE /api/sessions/:id answered ${response.status}`);
      const arrivedAt = await arrived;
      if (arrivedAt <= returnedAt) beforeAnswer += 1;
      times.push(arrivedAt - returnedAt);
      sinceSent.push(arrivedAt - sentAt);
      done += 1;
    } finally {
      stream.close();
    }
  }
  return {
    setup,
    trials: done,
    withinPromise: times.filter((time) => time < PROMISE_MS).length,
    beforeAnswer,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times.length === 0 ? Number.NaN : Math.max(...times),
    sentP50Ms: percentile(sinceSent, 50),
    sentP99Ms: percentile(sinceSent, 99),
  };
}

export async function runEventsSqlite(tempDir: string, trials: number, deadline: number): Promise<EventsResult> {
  const env = sessionControlEnv({
    DATABASE_URL: `sqlite:${join(tempDir, 'events.db')}`,
    REVOCATION_MODE: 'strict',
    PUBLIC_ORIGIN,
  });
  const server = await startTarget({ name: 'events (SQLite)', script: MAIN_SCRIPT, env });
  try {
    return await measure('one instance, SQLite', server.url, trials, deadline);
  } finally {
    await server.stop();
  }
}

/** Two strict instances on one PostgreSQL schema behind nginx (docs/deploy.md), for `work`; then stops them. */
export async function withTwoInstancesBehindNginx<T>(
  databaseUrl: string,
  work: (pair: NginxPair) => Promise<T>,
  extraEnv: Record<string, string> = {},
): Promise<T> {
  const env = sessionControlEnv({ DATABASE_URL: databaseUrl, REVOCATION_MODE: 'strict', PUBLIC_ORIGIN, ...extraEnv });
  const servers: ServerProcess[] = [];
  let nginx: Nginx | undefined;
  try {
    for (const name of ['A', 'B'])
      servers.push(await startTarget({ name: `events ${name}`, script: MAIN_SCRIPT, env }));
    nginx = await startNginx(servers.map((server) => server.port));
    const proxy = nginx.url;
    // Round robin over two: once a request was answered by the other instance, the next lands on `server`.
    const nextLandsOn = async (server: ServerProcess) => {
      for (let i = 0; i < 4; i += 1) {
        const response = await fetch(`${proxy}/healthz`);
        await response.arrayBuffer();
        if (response.headers.get('x-upstream') !== upstreamOf(server)) return;
      }
    };
    const [a, b] = servers as [ServerProcess, ServerProcess];
    return await work({ url: proxy, a, b, nextLandsOn });
  } finally {
    await nginx?.stop();
    for (const server of servers) await server.stop();
  }
}

export interface NginxPair {
  /** nginx's address. */
  url: string;
  a: ServerProcess;
  b: ServerProcess;
  /** Steers nginx's round robin so that the next request lands on `server`. */
  nextLandsOn(server: ServerProcess): Promise<void>;
}

/** How nginx names an instance in its X-Upstream header. */
export const upstreamOf = (server: ServerProcess): string => `127.0.0.1:${server.port}`;

export function runEventsBehindNginx(databaseUrl: string, trials: number, deadline: number): Promise<EventsResult> {
  // Stream on A, B, A, B…; revoke on A, A, B, B…: all four combinations in turn.
  return withTwoInstancesBehindNginx(databaseUrl, ({ url, a, b, nextLandsOn }) =>
    measure('two instances, PostgreSQL, behind nginx', url, trials, deadline, (trial, step) =>
      nextLandsOn(step === 'stream' ? (trial % 2 === 0 ? a : b) : Math.floor(trial / 2) % 2 === 0 ? a : b),
    ),
  );
}
