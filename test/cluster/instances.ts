/**
 * Server processes for the cluster tests: `node dist/node/server/main.js` on a fixed port each (so
 * that a restarted instance comes back where nginx expects it), all pointing at one schema.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(REPO_ROOT, 'dist', 'node', 'server', 'main.js');
/** The origin people would use in front of the cluster (the load balancer's). */
export const CLUSTER_ORIGIN = 'http://sessions.localhost:8080';

export interface Instance {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Every line the process wrote (stdout and stderr), across restarts. */
  readonly logs: string[];
  start(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing; waits until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  isRunning(): boolean;
}

export interface InstanceOptions {
  name: string;
  env: Record<string, string>;
}

/** Creates (but does not start) an instance on a free port. */
export async function createInstance(options: InstanceOptions): Promise<Instance> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build:server\` first (npm test builds it).`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  let child: ChildProcess | undefined;

  const waitForExit = (proc: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
    });

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(process.execPath, [MAIN], {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOST: '127.0.0.1',
          PORT: String(port),
          PASSWORD_HASH_COST: 'test',
          REVOCATION_MODE: 'strict',
          // Shared by every instance of a deployment: it is the access tokens' issuer.
          PUBLIC_ORIGIN: CLUSTER_ORIGIN,
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`${options.name} did not listen within 20 s:\n${logs.slice(-20).join('\n')}`));
      }, 20_000);
      let buffered = '';
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          logs.push(line);
          if (line.includes('"event":"server.listening"')) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
      proc.once('exit', (code, signal) => {
        logs.push(`[harness] ${options.name} exited (${code ?? signal})`);
        clearTimeout(timer);
        reject(new Error(`${options.name} exited (${code ?? signal}) before listening:\n${logs.slice(-20).join('\n')}`));
      });
    });

  return {
    name: options.name,
    port,
    url,
    logs,
    start,
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    kill: async () => {
      if (child === undefined) return;
      const exited = waitForExit(child);
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child === undefined) return;
      const current = child;
      const exited = waitForExit(current);
      current.kill('SIGTERM');
      const forced = setTimeout(() => current.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/** Starts `count` instances sharing `env` (one database schema). */
export async function startInstances(count: number, env: Record<string, string>): Promise<Instance[]> {
  const instances = await Promise.all(
    Array.from({ length: count }, (_, index) => createInstance({ name: `instance-${String.fromCharCode(65 + index)}`, env })),
  );
  // All at once, as a deployment would: every instance migrates the same fresh schema at start.
  await Promise.all(instances.map((instance) => instance.start()));
  return instances;
}

/** The first log line (with its instance) that contains one of `secrets`, or null. */
export function logsContainAny(instances: readonly Instance[], secrets: readonly string[]): string | null {
  for (const instance of instances) {
    for (const line of instance.logs) {
      for (const secret of secrets) if (line.includes(secret)) return `${instance.name}: ${line}`;
    }
  }
  return null;
}
