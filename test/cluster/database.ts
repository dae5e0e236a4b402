/**
 * A private, disposable PostgreSQL server for the cluster test that stops the database (so that
 * stopping it disturbs nobody else's tests on 127.0.0.1:5432). The shared server's schemas come
 * from server/testing/postgres-schema.ts.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../server/testing/free-port.ts';

const run = promisify(execFile);

export interface PrivatePostgres {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

function postgresBin(tool: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const path = join(root, version, 'bin', tool);
    if (existsSync(path)) return path;
  }
  throw new Error(`PostgreSQL server binaries (${tool}) not found under ${root}: apt-get install postgresql`);
}

/** Runs a PostgreSQL tool as the postgres user when we are root (postgres refuses to run as root). */
function runAsPostgres(tool: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const binary = postgresBin(tool);
  if (process.getuid?.() === 0) return run('runuser', ['-u', 'postgres', '--', binary, ...args]);
  return run(binary, args);
}

/** initdb + pg_ctl start of a throwaway server on a free port, trust auth, no fsync. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'session-control-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), 0);
  const data = join(dir, 'data');
  const port = await freePort();
  await runAsPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = async () => {
    await runAsPostgres('pg_ctl', [
      '-D',
      data,
      '-o',
      serverOptions,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '20',
      'start',
    ]);
  };
  const stop = async () => {
    await runAsPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop']);
  };
  await start();
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
