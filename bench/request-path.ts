/**
 * Part 1: authenticated `GET /api/me` throughput against a bare Express 5 endpoint. Every target
 * runs in its own process; autocannon runs here, with the same connections and duration for each
 * target, in interleaved rounds (the order rotates each round); the table shows medians.
 */
import autocannon from 'autocannon';
import { join } from 'node:path';
import type { ServerProcess } from '../server/testing/server-process.ts';
import { signUp } from '../server/testing/sign-up.ts';
import { BARE_SCRIPT, MAIN_SCRIPT, NODE_HTTP_SCRIPT, sessionControlEnv, startTarget } from './lib/child.ts';
import { accessCookie, BENCH_ACCOUNT, getMe } from './lib/http.ts';
import { LOAD_CPU, pin, SERVER_CPU, unpin } from './lib/pin.ts';
import { median } from './lib/stats.ts';

/** BENCH_ROUNDS and BENCH_ROUND_SECONDS shorten it for development runs (the document states what ran). */
export const LOAD = {
  connections: 10,
  durationSeconds: Number(process.env.BENCH_ROUND_SECONDS ?? 3),
  rounds: Number(process.env.BENCH_ROUNDS ?? 7),
  warmupSeconds: 2,
};

export interface TargetSpec {
  key: string;
  label: string;
  /** The ratio to bare this target should reach (null for the baseline). */
  goal: number | null;
  script: string;
  env: Record<string, string>;
  authenticated: boolean;
}

export interface TargetResult {
  key: string;
  label: string;
  goal: number | null;
  requestsPerSecond: number[];
  p99Ms: number[];
  p50Ms: number[];
  failures: number;
  error?: string;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** One autocannon run of `GET /api/me` with the given cookie. */
export async function loadMe(
  url: string,
  cookie: string | null,
  durationSeconds: number,
  connections = LOAD.connections,
): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/api/me`,
    connections,
    duration: durationSeconds,
    headers: cookie === null ? {} : { cookie },
  });
  const ok = result['2xx'];
  return {
    requests: ok,
    requestsPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * With BENCH_BASELINE_MAIN (the dist/node/server/main.js of an older build, e.g. a worktree of the
 * previous commit), each Session Control target also runs from that build in the same interleaved
 * rounds, so "no slower than before" is a ratio measured side by side, not across runs.
 */
function withBaselineBuild(targets: TargetSpec[], tempDir: string, pgUrl: string): TargetSpec[] {
  const baseline = process.env.BENCH_BASELINE_MAIN;
  if (baseline === undefined || baseline === '') return targets;
  const copies = targets
    .filter((spec) => spec.script === MAIN_SCRIPT)
    .map((spec) => ({
      ...spec,
      key: `${spec.key}-baseline`,
      label: `${spec.label} (baseline build)`,
      goal: null,
      script: baseline,
      env: {
        ...spec.env,
        DATABASE_URL: spec.env.DATABASE_URL?.startsWith('sqlite:')
          ? `sqlite:${join(tempDir, `${spec.key}-baseline.db`)}`
          : `${pgUrl}`,
      },
    }));
  return [...targets, ...copies];
}

export function requestPathTargets(tempDir: string, pgUrl: string, baselinePgUrl: string = pgUrl): TargetSpec[] {
  return withBaselineBuild(requestPathTargets0(tempDir, pgUrl), tempDir, baselinePgUrl);
}

function requestPathTargets0(tempDir: string, pgUrl: string): TargetSpec[] {
  return [
    { key: 'bare', label: 'bare Express 5 (baseline)', goal: null, script: BARE_SCRIPT, env: {}, authenticated: false },
    {
      key: 'node-http',
      label: 'plain `node:http`, same bytes as bare Express (floor)',
      goal: null,
      script: NODE_HTTP_SCRIPT,
      env: {},
      authenticated: false,
    },
    {
      key: 'bare-full',
      label: 'bare Express 5, our headers and body, no auth (reference)',
      goal: null,
      script: BARE_SCRIPT,
      env: { BARE_RESPONSE: 'full' },
      authenticated: false,
    },
    {
      key: 'strict-sqlite',
      label: 'strict, SQLite',
      goal: 0.9,
      script: MAIN_SCRIPT,
      env: sessionControlEnv({ DATABASE_URL: `sqlite:${join(tempDir, 'strict.db')}`, REVOCATION_MODE: 'strict' }),
      authenticated: true,
    },
    {
      key: 'stateless-sqlite',
      label: 'stateless, SQLite',
      goal: 0.92,
      script: MAIN_SCRIPT,
      env: sessionControlEnv({ DATABASE_URL: `sqlite:${join(tempDir, 'stateless.db')}`, REVOCATION_MODE: 'stateless' }),
      authenticated: true,
    },
    {
      key: 'strict-postgres',
      label: 'strict, PostgreSQL',
      goal: 0.75,
      script: MAIN_SCRIPT,
      env: sessionControlEnv({ DATABASE_URL: pgUrl, REVOCATION_MODE: 'strict' }),
      authenticated: true,
    },
  ];
}

interface Prepared {
  spec: TargetSpec;
  server: ServerProcess | null;
  cookie: string | null;
  result: TargetResult;
}

async function prepare(spec: TargetSpec): Promise<Prepared> {
  const result: TargetResult = {
    key: spec.key,
    label: spec.label,
    goal: spec.goal,
    requestsPerSecond: [],
    p99Ms: [],
    p50Ms: [],
    failures: 0,
  };
  let server: ServerProcess | null = null;
  try {
    server = await startTarget({ name: spec.key, script: spec.script, env: spec.env });
    pin(server.child.pid as number, SERVER_CPU);
    let cookie: string | null = null;
    if (spec.authenticated) {
      cookie = accessCookie(await signUp(server.url, { ...BENCH_ACCOUNT, email: `bench-${spec.key}@example.com` }));
      const status = await getMe(server.url, cookie);
      if (status !== 200) throw new Error(`GET /api/me answered ${status} before the run`);
    }
    return { spec, server, cookie, result };
  } catch (error) {
    await server?.stop();
    result.error = error instanceof Error ? error.message : String(error);
    return { spec, server: null, cookie: null, result };
  }
}

export interface LoadShape {
  connections: number;
  durationSeconds: number;
  rounds: number;
  warmupSeconds: number;
}

/**
 * Runs the interleaved rounds. `onLoad` is called with each running target while autocannon is
 * loading it (the memory part samples RSS there).
 */
export async function runRequestPath(
  specs: readonly TargetSpec[],
  log: (line: string) => void,
  onLoad?: (server: ServerProcess, key: string) => () => void,
  shape: LoadShape = LOAD,
): Promise<TargetResult[]> {
  const prepared: Prepared[] = [];
  pin(process.pid, LOAD_CPU);
  for (const spec of specs) prepared.push(await prepare(spec));
  try {
    const live = prepared.filter((item) => item.server !== null);
    for (const item of live)
      await loadMe((item.server as ServerProcess).url, item.cookie, shape.warmupSeconds, shape.connections);
    for (let round = 0; round < shape.rounds; round += 1) {
      // Rotate the order so that no target always runs first (or right after the same one).
      const order = live.map((_, index) => live[(index + round) % live.length] as Prepared);
      for (const item of order) {
        const server = item.server as ServerProcess;
        const stopSampling = onLoad?.(server, item.spec.key);
        try {
          const load = await loadMe(server.url, item.cookie, shape.durationSeconds, shape.connections);
          item.result.requestsPerSecond.push(load.requestsPerSecond);
          item.result.p99Ms.push(load.p99Ms);
          item.result.p50Ms.push(load.p50Ms);
          item.result.failures += load.failures;
          const failures = load.failures > 0 ? `, ${load.failures} failures` : '';
          log(
            `  round ${round + 1} ${item.spec.key} (${shape.connections} conn.): ` +
              `${load.requestsPerSecond.toFixed(0)} req/s, ` +
              `p99 ${load.p99Ms} ms${failures}`,
          );
        } catch (error) {
          item.result.error = error instanceof Error ? error.message : String(error);
        } finally {
          stopSampling?.();
        }
      }
    }
  } finally {
    for (const item of prepared) await item.server?.stop();
    unpin(process.pid);
  }
  return prepared.map((item) => item.result);
}

export function medianRps(result: TargetResult): number {
  return median(result.requestsPerSecond);
}
