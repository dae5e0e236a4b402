/**
 * The PostgreSQL engine, for several server instances sharing one database. Atomic work runs in
 * one transaction; the refresh exchange locks the session row (SELECT … FOR UPDATE) so that
 * concurrent refreshes on different instances are serialised by the database.
 * Connection trouble surfaces as StoreUnavailableError within a few seconds, never as a hang.
 */
import pg from 'pg';
import type { PoolClient } from 'pg';
import type { Store } from '../session/store.ts';
import type { Dialect, Driver, RunOptions, Statement, Work } from './driver.ts';
import { toStoreError } from './postgres-errors.ts';
import { PostgresSessionLookup } from './postgres-session-lookup.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { LeaseCoordinator } from './lease/lease-coordinator.ts';
import { LeasedSessionCache } from './lease/leased-session-cache.ts';
import { LeasedStore } from './lease/leased-store.ts';

/** Options of openPostgresStore. */
export interface PostgresStoreOptions {
  /** Schema holding the tables (created if missing); also read from `?schema=` in the URL. */
  schema?: string;
  /** Maximum connections in the pool (default 10). */
  poolSize?: number;
  /**
   * `lease` (default): answer the request path's lookup from a per-instance cache under the lease
   * protocol (docs/revocation.md); `off`: one batched query per event-loop turn. Either way this
   * instance announces its changes to the caches of the others and waits for them.
   */
  sessionCache?: 'lease' | 'off';
  /** Lease term (default 3000 ms). */
  leaseTermMs?: number;
}

const POSTGRES_DIALECT: Dialect = {
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  inList: '(SELECT unnest(?::text[]))',
  listParam: (values) => [...values],
  lockSessionRow: ' FOR UPDATE OF s',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The connection URL without `?schema=` (pg would not know what to do with it) and the schema to
 * use: the one given, else the URL's; refused unless it is a plain identifier.
 */
export function connectionOf(url: string, givenSchema?: string): { url: string; schema: string | undefined } {
  let bare = url;
  let schema = givenSchema;
  if (/^postgres(ql)?:\/\//i.test(url) && url.includes('schema=')) {
    const parsed = new URL(url);
    schema ??= parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    bare = parsed.toString();
  }
  if (schema !== undefined && !IDENTIFIER.test(schema))
    throw new Error('PostgreSQL schema name must be a plain identifier');
  return { url: bare, schema };
}

/**
 * Connects to PostgreSQL at `url`, applies pending migrations and returns the store.
 * Rejects with StoreUnavailableError when the database cannot be reached.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const fromUrl = connectionOf(url, options.schema);
  const { schema } = fromUrl;
  const pool = new pg.Pool({
    connectionString: fromUrl.url,
    max: options.poolSize ?? 10,
    // A dead or unreachable database must produce errors within seconds, not hanging requests.
    connectionTimeoutMillis: 3_000,
    statement_timeout: 5_000,
    lock_timeout: 5_000,
    query_timeout: 8_000,
    idle_in_transaction_session_timeout: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'session-control',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its connection (database restart) must not crash the process; the next
  // query gets a fresh connection or a StoreUnavailableError.
  pool.on('error', () => {});
  const lookup = new PostgresSessionLookup(pool);
  const coordinator = new LeaseCoordinator(
    {
      connectionString: fromUrl.url,
      connectionTimeoutMillis: 3_000,
      keepAlive: true,
      application_name: 'session-control-leases',
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    },
    options.leaseTermMs === undefined ? {} : { termMs: options.leaseTermMs },
  );
  const cache =
    options.sessionCache === 'off' ? null : new LeasedSessionCache(coordinator.state, (id) => lookup.find(id));
  const find = cache === null ? (id: string) => lookup.find(id) : (id: string) => cache.find(id);
  const store = new LeasedStore(new PostgresDriver(pool, schema), find, coordinator);
  try {
    await store.migrate();
    await coordinator.start(cache);
  } catch (error) {
    await coordinator.close().catch(() => {});
    await pool.end().catch(() => {});
    throw error;
  }
  return store;
}

/** `?` placeholders become pg's `$1, $2, …` (none of our statements has a `?` in a literal). */
const numbered = new Map<string, string>();
function toNumbered(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let index = 0;
    text = sql.replace(/\?/g, () => `$${++index}`);
    numbered.set(sql, text);
  }
  return text;
}

async function perform(client: pg.Pool | PoolClient, step: Statement): Promise<unknown> {
  const result = await client.query(toNumbered(step.sql), [...step.params]);
  if (step.kind === 'run') return result.rowCount ?? 0;
  return step.kind === 'get' ? result.rows[0] : result.rows;
}

class PostgresDriver implements Driver {
  readonly kind = 'postgres' as const;
  readonly dialect = POSTGRES_DIALECT;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string | undefined,
  ) {}

  async execute<T>(work: () => Work<T>, options: RunOptions = {}): Promise<T> {
    if (options.atomic === true) return this.transaction((client) => this.drive(client, work));
    try {
      return await this.drive(this.pool, work);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private async drive<T>(client: pg.Pool | PoolClient, work: () => Work<T>): Promise<T> {
    const steps = work();
    let next = steps.next();
    while (!next.done) next = steps.next(await perform(client, next.value));
    return next.value;
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toStoreError(error);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // The connection is unusable: drop it from the pool rather than hand it out again.
        broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
      });
      throw toStoreError(error);
    } finally {
      client.release(broken);
    }
  }

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      // One migrator per schema at a time: the others wait here, then find nothing left to do.
      await client.query(
        "SELECT pg_advisory_xact_lock(hashtext('session-control:migrate:' || current_setting('search_path')))",
      );
      if (this.schema !== undefined) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      } else {
        await this.createSearchPathSchema(client);
      }
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const applied = await client.query<{ version: number }>(
        'SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations',
      );
      const current = applied.rows[0]?.version ?? 0;
      for (const migration of POSTGRES_MIGRATIONS) {
        if (migration.version <= current) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
          migration.version,
          Date.now(),
        ]);
      }
    });
  }

  /** With the schema chosen outside (PGOPTIONS='-c search_path=…'), create it when it is missing. */
  private async createSearchPathSchema(client: PoolClient): Promise<void> {
    const result = await client.query<{ schema: string | null; path: string }>(
      "SELECT current_schema() AS schema, current_setting('search_path') AS path",
    );
    const row = result.rows[0];
    if (row === undefined || row.schema !== null) return;
    const first =
      row.path
        .split(',')[0]
        ?.trim()
        .replace(/^"(.*)"$/, '$1') ?? '';
    if (IDENTIFIER.test(first)) await client.query(`CREATE SCHEMA IF NOT EXISTS ${first}`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
