/**
 * PostgreSQL for the cluster tests: a private schema on the shared server for each test file, and
 * a private, disposable PostgreSQL server for the test that stops the database (so that stopping
 * it disturbs nobody else's tests on 127.0.0.1:5432).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.ts';

const run = promisify(execFile);

export const SHARED_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_HINT =
  'PostgreSQL is not reachable at ' +
  SHARED_DATABASE_URL +
  '. Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestSchema {
  name: string;
  /** Environment that points a server process at this schema (pg honours PGOPTIONS). */
  env: Record<string, string>;
  /** Runs a query with search_path set to this schema. */
  query<Row extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/** Creates an empty schema on the shared PostgreSQL; fails with how to start it when unreachable. */
export async function createTestSchema(url: string = SHARED_DATABASE_URL): Promise<TestSchema> {
  const name = `cluster_${randomBytes(6).toString('hex')}`;
  try {
    await withClient(url, (client) => client.query(`CREATE SCHEMA ${name}`));
  } catch (error) {
    throw new Error(START_HINT, { cause: error });
  }
  return {
    name,
    env: { DATABASE_URL: url, PGOPTIONS: `-c search_path=${name}` },
    query: (sql, values = []) =>
      withClient(url, async (client) => {
        await client.query(`SET search_path TO ${name}`);
        return (await client.query(sql, values)).rows;
      }),
    drop: () => withClient(url, async (client) => void (await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`))),
  };
}

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
    await runAsPostgres('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', '-t', '20', 'start']);
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
