/**
 * In-process test server: the real app on a real socket, a real store (SQLite in memory, or a
 * fresh PostgreSQL schema), a fake clock, every log line at hand, and clients with their own
 * cookie jars.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { createApp } from '../http/app.ts';
import { createLogger } from '../log.ts';
import { createSessionContext } from '../session/context.ts';
import type { SessionContext } from '../session/context.ts';
import { InProcessTransport } from '../session/event-transport.ts';
import type { EventTransport } from '../session/event-transport.ts';
import { PostgresEventTransport } from '../storage/postgres-events.ts';
import { openPostgresStore } from '../storage/postgres.ts';
import { openSqliteStore, sqliteDatabaseOf } from '../storage/sqlite.ts';
import type { Store as SessionStore } from '../session/store.ts';
import { FakeClock } from './fake-clock.ts';
import { createTestSchema } from './postgres-schema.ts';
import type { TestSchema } from './postgres-schema.ts';
import { signIn, signUp } from './sign-up.ts';
import type { Account, SignUpOptions } from './sign-up.ts';
import { TestClient } from './test-client.ts';
import type { TestClientDefaults } from './test-client.ts';

export { FakeClock } from './fake-clock.ts';

export const TEST_ORIGIN = 'http://app.test';
export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';
export const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.0 Mobile/15E148 Safari/604.1';

export type Engine = 'sqlite' | 'postgres';
/** Every engine, for suites that loop the same body over them. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

export interface StartAppOptions {
  /** Configuration on top of the test defaults (cheap password hashing, no dashboard). */
  env?: Record<string, string>;
  /** `sqlite` (default): in memory; `postgres`: a fresh schema on TEST_DATABASE_URL, dropped on close. */
  engine?: Engine;
  /** A store of the caller's instead of a fresh one (closed with the app unless `keepStoreOpen`). */
  store?: SessionStore;
  keepStoreOpen?: boolean;
  clock?: FakeClock;
  /** Where the log lines go (several apps may share one array); default a fresh array. */
  captureLogs?: string[];
  /**
   * The origin the server calls its own (PUBLIC_ORIGIN). Default TEST_ORIGIN; `null`: the
   * server's real ones (`http://127.0.0.1:<port>`, `http://localhost:<port>`).
   */
  publicOrigin?: string | null;
  /** The event transport (default: in-process for SQLite, LISTEN/NOTIFY on the test schema for PostgreSQL). */
  events?: EventTransport;
  /** Told every secret `signUp` and `signIn` used or received, e.g. for a log scan. */
  onSecret?: (secret: string) => void;
}

export interface AppAccount extends Account {
  /** A client holding the account's cookies, with the sign-up's user agent. */
  client: TestClient;
}

export interface TestApp {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  port: number;
  /** The origin clients send by default: the public origin, or `url`. */
  origin: string;
  engine: Engine;
  ctx: SessionContext;
  store: SessionStore;
  config: Config;
  clock: FakeClock;
  logs: string[];
  client(defaults?: TestClientDefaults): TestClient;
  /** Signs up a fresh user (cookie mode unless told, Firefox on Linux) in a new client. */
  signUp(options?: SignUpOptions): Promise<AppAccount>;
  /** Signs an existing user in (Chrome on Windows unless told) from a new client. */
  signIn(email: string, password: string, options?: SignUpOptions): Promise<AppAccount>;
  /** Reads the engine directly (`?` placeholders), so that checks do not go through the code under test. */
  query<Row>(sql: string, values?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

interface OpenedStore {
  store: SessionStore;
  events: EventTransport;
  databaseUrl: string;
  query<Row>(sql: string, values: unknown[]): Promise<Row[]>;
  dispose(): Promise<void>;
}

async function openEngine(engine: Engine): Promise<OpenedStore> {
  if (engine === 'sqlite') {
    const store = await openSqliteStore(':memory:');
    // An in-memory database has one connection: the store's.
    const db = sqliteDatabaseOf(store);
    return {
      store,
      databaseUrl: 'sqlite::memory:',
      events: new InProcessTransport(),
      query: async <Row>(sql: string, values: unknown[]) => {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...values) as Row[];
        statement.run(...values);
        return [];
      },
      dispose: async () => undefined,
    };
  }
  const schema: TestSchema = await createTestSchema('app');
  const store = await openPostgresStore(schema.url, { schema: schema.name, poolSize: 10 });
  const reader = new pg.Pool({ connectionString: schema.url, max: 2, options: `-c search_path=${schema.name}` });
  reader.on('error', () => {});
  return {
    store,
    databaseUrl: schema.url,
    events: new PostgresEventTransport(schema.url, { schema: schema.name, retryMinMs: 50, retryMaxMs: 500 }),
    query: async <Row>(sql: string, values: unknown[]) => {
      let index = 0;
      const text = sql.replace(/\?/g, () => `$${++index}`);
      return (await reader.query(text, values)).rows as Row[];
    },
    dispose: async () => {
      await reader.end();
      await schema.drop();
    },
  };
}

/**
 * Starts the app on a free port. The configuration is loaded with that port, so that the
 * server's own origins are the real ones when `publicOrigin` is null.
 */
export async function startApp(options: StartAppOptions = {}): Promise<TestApp> {
  const engine = options.engine ?? 'sqlite';
  const clock = options.clock ?? new FakeClock();
  const logs = options.captureLogs ?? [];
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const publicOrigin = options.publicOrigin === undefined ? TEST_ORIGIN : options.publicOrigin;
  const opened = options.store === undefined ? await openEngine(engine) : null;
  const store = options.store ?? (opened as OpenedStore).store;
  const config = loadConfig({
    DATABASE_URL: opened?.databaseUrl ?? 'sqlite::memory:',
    PASSWORD_HASH_COST: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DASHBOARD_DIR: '',
    ...(publicOrigin === null ? {} : { PUBLIC_ORIGIN: publicOrigin }),
    ...options.env,
  });
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line), now: clock.read });
  const events = options.events ?? opened?.events ?? new InProcessTransport();
  const ctx = await createSessionContext({ store, config, log, clock: clock.read, events });
  await ctx.events.start();
  server.on('request', createApp(ctx));
  const origin = publicOrigin ?? url;
  const client = (defaults: TestClientDefaults = {}) =>
    new TestClient(url, { ...defaults, origin: defaults.origin === undefined ? origin : defaults.origin });
  const withClient = (account: Account, userAgent: string | undefined, input: SignUpOptions): AppAccount => {
    const defaults: TestClientDefaults = { ...(userAgent === undefined ? {} : { userAgent }), origin };
    if (input.fetch !== undefined) defaults.fetch = input.fetch;
    return { ...account, client: new TestClient(url, defaults, account.jar) };
  };
  const defaultsFor = (input: SignUpOptions, userAgent: string): SignUpOptions => ({
    origin: (input.mode ?? 'cookie') === 'cookie' ? origin : null,
    userAgent,
    ...(options.onSecret === undefined ? {} : { onSecret: options.onSecret }),
    ...input,
  });
  return {
    url,
    port,
    origin,
    engine: options.store === undefined ? engine : options.store.kind === 'postgres' ? 'postgres' : 'sqlite',
    ctx,
    store,
    config,
    clock,
    logs,
    client,
    async signUp(input = {}) {
      const merged = defaultsFor(input, FIREFOX_LINUX);
      return withClient(await signUp(url, merged), merged.userAgent, input);
    },
    async signIn(email, password, input = {}) {
      const merged = defaultsFor(input, CHROME_WINDOWS);
      return withClient(await signIn(url, email, password, merged), merged.userAgent, input);
    },
    query: async (sql, values = []) => {
      if (opened === null) throw new Error('query() reads only a store that startApp opened itself');
      return opened.query(sql, values);
    },
    async close() {
      await ctx.events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.keepStoreOpen) await store.close();
      await opened?.dispose();
    },
  };
}
