/**
 * Server processes for the benchmarks: each target runs in its own `node` process (started by
 * the test helpers' `startServerProcess`) so that the load generator never shares the server's
 * event loop.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT, SERVER_MAIN, startServerProcess } from '../../server/testing/server-process.ts';
import type { ServerProcess, ServerProcessOptions } from '../../server/testing/server-process.ts';

export const ROOT = REPO_ROOT;
export const MAIN_SCRIPT = SERVER_MAIN;
export const BARE_SCRIPT = resolve(ROOT, 'dist/node/bench/bare-server.js');
export const NODE_HTTP_SCRIPT = resolve(ROOT, 'dist/node/bench/node-http-server.js');
export const SWEEP_SCRIPT = resolve(ROOT, 'dist/node/bench/sweep-server.js');

export function rssOfPid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

/** Resident set size of the server process in MiB, read from /proc. */
export function rssMiB(server: ServerProcess): number {
  return rssOfPid(server.child.pid as number);
}

/**
 * Starts a bench target: this process's environment plus NODE_ENV=production, and only the last
 * log lines kept (for the error message if it fails).
 */
export function startTarget(options: ServerProcessOptions & { name: string; script: string }): Promise<ServerProcess> {
  return startServerProcess({
    inheritEnv: true,
    keepLogLines: 200,
    stopTimeoutMs: 7_000,
    ...options,
    env: { NODE_ENV: 'production', ...options.env },
  });
}

/** Environment shared by every Session Control target. */
export function sessionControlEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PASSWORD_HASH_COST: 'test',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    REFRESH_TOKEN_TTL_SECONDS: '86400',
    ...extra,
  };
}
