/**
 * The built server (`node dist/node/server/main.js`, or another script) as a child process,
 * ready once it prints its `server.listening` line. Used by the e2e and cluster tests and the
 * bench; works from the sources (vitest) and from dist/node (the bench).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.ts';

function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

/** The repository root, whether this file runs from server/testing or dist/node/server/testing. */
export const REPO_ROOT = findRepoRoot(import.meta.dirname);
export const SERVER_MAIN = join(REPO_ROOT, 'dist', 'node', 'server', 'main.js');

export interface ServerProcessOptions {
  /** Names the process in errors and logs. Default `server`. */
  name?: string;
  /** Default SERVER_MAIN. */
  script?: string;
  /**
   * On top of PATH, HOST=127.0.0.1, PORT, an in-memory database and cheap password hashing
   * (or on top of this process's environment with `inheritEnv`).
   */
  env?: Record<string, string>;
  inheritEnv?: boolean;
  /** Default: a free port picked once, so that a restarted process comes back where it was. */
  port?: number;
  nodeArgs?: string[];
  /** Opens an IPC channel (`child.send`). */
  ipc?: boolean;
  startupTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  /** Keeps only the last this many log lines (a long bench run logs a lot). Default: all. */
  keepLogLines?: number;
}

export interface ServerProcess {
  readonly name: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:41234`, as the server printed it. */
  readonly url: string;
  /** Every line the process wrote, stdout and stderr, in order, across restarts. */
  readonly logs: string[];
  /** The current (or last) child process. */
  readonly child: ChildProcess;
  /** Starts the process again after `kill()` or `stop()`, on the same port. */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; waits until the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing; waits until the process is gone. */
  kill(): Promise<void>;
  isRunning(): boolean;
}

const exitedAlready = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
const waitForExit = (child: ChildProcess) =>
  new Promise<void>((resolve) => (exitedAlready(child) ? resolve() : child.once('exit', () => resolve())));

/** Creates the process without starting it (a cluster test starts several at once). */
export async function createServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const name = options.name ?? 'server';
  const script = options.script ?? SERVER_MAIN;
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first (npm test does it).`);
  const port = options.port ?? (await freePort());
  const startupTimeoutMs = options.startupTimeoutMs ?? 20_000;
  const keep = options.keepLogLines ?? Number.POSITIVE_INFINITY;
  const logs: string[] = [];
  const record = (line: string) => {
    logs.push(line);
    if (logs.length > keep) logs.splice(0, logs.length - keep);
  };
  let url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
        cwd: REPO_ROOT,
        env: {
          ...(options.inheritEnv ? process.env : { PATH: process.env.PATH ?? '/usr/bin:/bin' }),
          HOST: '127.0.0.1',
          DATABASE_URL: 'sqlite::memory:',
          PASSWORD_HASH_COST: 'test',
          ...options.env,
          PORT: String(port),
        },
        stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const recent = () => logs.slice(-20).join('\n') || '(no output)';
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        settle(new Error(`${name} did not print "server.listening" within ${startupTimeoutMs / 1000} s:\n${recent()}`));
      }, startupTimeoutMs);
      const collect = (stream: NodeJS.ReadableStream | null) => {
        let pending = '';
        stream?.setEncoding('utf8');
        // Keep draining (the server logs JSON lines) so that the pipe never fills up.
        stream?.on('data', (chunk: string) => {
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            if (line === '') continue;
            record(line);
            if (!settled && line.includes('"server.listening"')) {
              const printed = (JSON.parse(line) as { url?: unknown }).url;
              if (typeof printed === 'string') url = printed;
              settle();
            }
          }
        });
      };
      collect(proc.stdout);
      collect(proc.stderr);
      proc.once('error', (error) => settle(new Error(`Could not start ${name}: ${error.message}`)));
      proc.once('exit', (code, signal) => {
        // A crash mid-test otherwise shows up only as "connection refused".
        record(`[harness] ${name} exited (${code ?? signal})`);
        settle(new Error(`${name} exited (${code ?? signal}) before listening:\n${recent()}`));
      });
    });

  const current = (): ChildProcess => {
    if (child === undefined) throw new Error(`${name} has not been started`);
    return child;
  };
  return {
    name,
    port,
    get url() {
      return url;
    },
    logs,
    get child() {
      return current();
    },
    start,
    isRunning: () => child !== undefined && !exitedAlready(child),
    kill: async () => {
      if (child === undefined) return;
      const exited = waitForExit(child);
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child === undefined || exitedAlready(child)) return;
      const proc = child;
      const exited = waitForExit(proc);
      proc.kill('SIGTERM');
      const forced = setTimeout(() => proc.kill('SIGKILL'), options.stopTimeoutMs ?? 5_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/** Starts the process and resolves once it listens. */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const server = await createServerProcess(options);
  await server.start();
  return server;
}
