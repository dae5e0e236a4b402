/**
 * PostgreSQL for tests: a private schema on the shared server (127.0.0.1:5432, database `test`,
 * trust auth unless TEST_DATABASE_URL says otherwise) for each app or cluster, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_HINT =
  'PostgreSQL is not reachable at ' +
  TEST_DATABASE_URL +
  '. Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ' +
  '(or point TEST_DATABASE_URL at a running server).';

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
  url: string;
  /** Environment that points a server process at this schema (pg honours PGOPTIONS). */
  env: Record<string, string>;
  /** Runs a query with search_path set to this schema, on a connection of its own. */
  query<Row extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/** Creates an empty schema on the shared PostgreSQL; fails with how to start it when unreachable. */
export async function createTestSchema(prefix = 'test', url: string = TEST_DATABASE_URL): Promise<TestSchema> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await withClient(url, (client) => client.query(`CREATE SCHEMA ${name}`));
  } catch (error) {
    throw new Error(START_HINT, { cause: error });
  }
  return {
    name,
    url,
    env: { DATABASE_URL: url, PGOPTIONS: `-c search_path=${name}` },
    query: (sql, values = []) =>
      withClient(url, async (client) => {
        await client.query(`SET search_path TO ${name}`);
        return (await client.query(sql, values)).rows;
      }),
    drop: () => withClient(url, async (client) => void (await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`))),
  };
}
