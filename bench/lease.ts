/**
 * Issue 15, the lease protocol (docs/revocation.md), measured: `GET /api/me` throughput of strict
 * SQLite, strict PostgreSQL with the leased cache and strict PostgreSQL without it, in the same
 * interleaved rounds as part 1; and the latency of a revoke (`POST /auth/signout`) on instance A
 * while instance B holds a lease and has the session cached (so every revoke waits for B's
 * acknowledgement). Exported for bench/run.ts as `runLeaseBench`; also runs alone:
 * `npm run build:server && node dist/node/bench/lease.js` (BENCH_DATABASE_URL as in run.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProcess } from '../server/testing/server-process.ts';
import { signIn, signUp } from '../server/testing/sign-up.ts';
import { dropSchema } from './lib/bulk.ts';
import { MAIN_SCRIPT, sessionControlEnv, startTarget } from './lib/child.ts';
import { accessCookie, BENCH_ACCOUNT, getMe, PASSWORD, signOut } from './lib/http.ts';
import { median, percentile } from './lib/stats.ts';
import { LOAD, runRequestPath } from './request-path.ts';
import type { TargetResult, TargetSpec } from './request-path.ts';

export interface LeaseBenchResult {
  targets: TargetResult[];
  /**
   * CPU time of the server process per 2xx request, µs, median over rounds (from /proc/<pid>/stat):
   * a measure that the load generator and other work on the machine disturb much less than req/s.
   */
  cpuMicrosPerRequest: Record<string, number>;
  /** Median over rounds of strict PostgreSQL (leased) req/s / strict SQLite req/s, same round. */
  leasedPostgresOverSqlite: number;
  revoke: { trials: number; p50Ms: number; p99Ms: number; maxMs: number; acceptedOnBAfterRevoke: number };
}

const PUBLIC_ORIGIN = 'http://127.0.0.1:8080';
/** Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

/** User + system CPU ticks of a process so far. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function withSchema(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
}

function leaseTargets(tempDir: string, leasedUrl: string, plainUrl: string): TargetSpec[] {
  const strict = (key: string, label: string, env: Record<string, string>): TargetSpec => ({
    key,
    label,
    goal: null,
    script: MAIN_SCRIPT,
    env: sessionControlEnv({ REVOCATION_MODE: 'strict', ...env }),
    authenticated: true,
  });
  return [
    strict('strict-sqlite', 'strict, SQLite', { DATABASE_URL: `sqlite:${join(tempDir, 'strict.db')}` }),
    strict('strict-postgres-lease', 'strict, PostgreSQL, leased cache', {
      DATABASE_URL: leasedUrl,
      POSTGRES_SESSION_CACHE: 'lease',
    }),
    strict('strict-postgres-off', 'strict, PostgreSQL, no cache (one query per turn)', {
      DATABASE_URL: plainUrl,
      POSTGRES_SESSION_CACHE: 'off',
    }),
  ];
}

/** Sign-out latency on A while B has each session cached under its lease. */
async function revokeLatency(databaseUrl: string, trials: number): Promise<LeaseBenchResult['revoke']> {
  const env = sessionControlEnv({ DATABASE_URL: databaseUrl, REVOCATION_MODE: 'strict', PUBLIC_ORIGIN });
  const servers: ServerProcess[] = [];
  try {
    const a = await startTarget({ name: 'A (lease)', script: MAIN_SCRIPT, env });
    servers.push(a);
    const b = await startTarget({ name: 'B (lease)', script: MAIN_SCRIPT, env });
    servers.push(b);
    const account = { ...BENCH_ACCOUNT, origin: PUBLIC_ORIGIN };
    const emails = Array.from({ length: Math.ceil(trials / 50) }, (_, index) => `lease-${index}@example.com`);
    for (const email of emails) await signUp(a.url, { ...account, email });
    const samples: number[] = [];
    let accepted = 0;
    for (let trial = 0; trial < trials; trial += 1) {
      const email = emails[Math.floor(trial / 50)] as string;
      const cookie = accessCookie(await signIn(a.url, email, PASSWORD, account));
      if ((await getMe(b.url, cookie)) !== 200 || (await getMe(b.url, cookie)) !== 200) {
        throw new Error('B did not accept a fresh session');
      }
      const started = performance.now();
      const status = await signOut(a.url, cookie, PUBLIC_ORIGIN);
      samples.push(performance.now() - started);
      if (status < 200 || status > 299) throw new Error(`sign-out answered ${status}`);
      if ((await getMe(b.url, cookie)) === 200) accepted += 1;
    }
    return {
      trials,
      p50Ms: percentile(samples, 50),
      p99Ms: percentile(samples, 99),
      maxMs: Math.max(...samples),
      acceptedOnBAfterRevoke: accepted,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

export async function runLeaseBench(
  pgBaseUrl: string,
  log: (line: string) => void = () => undefined,
  options: { revokeTrials?: number; schemaPrefix?: string } = {},
): Promise<LeaseBenchResult> {
  const prefix = options.schemaPrefix ?? `bench_lease_${process.pid}`;
  const schemas = [`${prefix}_cache`, `${prefix}_plain`, `${prefix}_revoke`];
  const tempDir = mkdtempSync(join(tmpdir(), 'bench-lease-'));
  try {
    const [leased, plain, revoke] = schemas.map((schema) => withSchema(pgBaseUrl, schema)) as [string, string, string];
    const cpu = new Map<string, number[]>();
    const targets = await runRequestPath(leaseTargets(tempDir, leased, plain), log, (server, key) => {
      const pid = server.child.pid as number;
      const before = cpuTicks(pid);
      return () => {
        const samples = cpu.get(key) ?? [];
        samples.push(cpuTicks(pid) - before);
        cpu.set(key, samples);
      };
    });
    const cpuMicrosPerRequest: Record<string, number> = {};
    for (const target of targets) {
      const ticks = cpu.get(target.key) ?? [];
      // runRequestPath calls the hook for the measured rounds only, not for the warm-up.
      const perRequest = ticks.map(
        (tick, round) =>
          (tick * 1e6) / TICKS_PER_SECOND / ((target.requestsPerSecond[round] ?? 0) * LOAD.durationSeconds),
      );
      cpuMicrosPerRequest[target.key] = median(perRequest);
    }
    const sqlite = targets.find((target) => target.key === 'strict-sqlite');
    const lease = targets.find((target) => target.key === 'strict-postgres-lease');
    const ratios = (lease?.requestsPerSecond ?? []).map(
      (value, round) => value / (sqlite?.requestsPerSecond[round] ?? Number.NaN),
    );
    log('  revoke latency with the lease protocol…');
    const revokeResult = await revokeLatency(revoke, options.revokeTrials ?? 300);
    return { targets, cpuMicrosPerRequest, leasedPostgresOverSqlite: median(ratios), revoke: revokeResult };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
    for (const schema of schemas) await dropSchema(pgBaseUrl, schema).catch(() => {});
  }
}

if (process.argv[1]?.endsWith('bench/lease.js')) {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const result = await runLeaseBench(base, (line) => process.stdout.write(`${line}\n`), {
    revokeTrials: Number(process.env.BENCH_LEASE_REVOKE_TRIALS ?? 300),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
