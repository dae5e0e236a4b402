/**
 * Server processes for the benchmarks: each target runs in its own `node` process so that the load
 * generator (in the bench process) never shares the server's event loop.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** Repository root: dist/node/bench/lib → four levels up. */
export const ROOT = resolve(import.meta.dirname, '../../../..');
export const MAIN_SCRIPT = resolve(ROOT, 'dist/node/server/main.js');
export const BARE_SCRIPT = resolve(ROOT, 'dist/node/bench/bare-server.js');
export const SWEEP_SCRIPT = resolve(ROOT, 'dist/node/bench/sweep-server.js');

export interface RunningServer {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Resident set size of the server process in MiB, read from /proc. */
  rssMiB(): number;
  /** Stops the process (SIGTERM, then SIGKILL after a few seconds). */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the server needs it up front to know its own origin). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

export function rssOfPid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

export interface StartOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  /** Open an IPC channel (the sweep server takes commands through it). */
  ipc?: boolean;
  timeoutMs?: number;
}

/** Starts a server script and resolves once it printed its `server.listening` line. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const port = options.env.PORT !== undefined ? Number(options.env.PORT) : await freePort();
  const env = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', ...options.env, PORT: String(port) };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    cwd: ROOT,
    env,
    stdio: options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let buffer = '';
    let listening = false;
    const timer = setTimeout(() => reject(new Error(`${options.name} did not start within ${options.timeoutMs ?? 20_000} ms: ${stderr.trim()}`)), options.timeoutMs ?? 20_000);
    child.stdout?.setEncoding('utf8');
    // Keep draining stdout (the server logs JSON lines) so the pipe never fills up.
    child.stdout?.on('data', (chunk: string) => {
      if (listening) return;
      buffer += chunk;
      const line = buffer.split('\n').find((item) => item.includes('"server.listening"'));
      if (line !== undefined) {
        clearTimeout(timer);
        listening = true;
        const parsed = JSON.parse(line) as { url: string };
        buffer = '';
        resolveUrl(parsed.url);
      } else if (buffer.length > 100_000) {
        buffer = buffer.slice(-10_000);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with ${code}: ${stderr.trim()}`));
    });
  });
  const pid = child.pid as number;
  return {
    name: options.name,
    url,
    port,
    child,
    rssMiB: () => rssOfPid(pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 7_000);
      await exited;
      clearTimeout(timer);
    },
  };
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
