/**
 * The embedded SQLite engine (better-sqlite3): nothing to install, one file on disk.
 * better-sqlite3 is synchronous, so a unit of work runs to completion without interleaving;
 * atomic ones run in IMMEDIATE transactions so that another process on the same file
 * (sessionctl) cannot slip between a read and the write that depends on it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement as SqliteStatement } from 'better-sqlite3';
import type { Store } from '../session/store.ts';
import type { Dialect, Driver, RunOptions, Statement, Work } from './driver.ts';
import { SqliteSessionCache } from './sqlite-session-cache.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { SqlStore } from './sql-store.ts';

const SQLITE_DIALECT: Dialect = {
  greatest: (a, b) => `MAX(${a}, ${b})`,
  inList: '(SELECT value FROM json_each(?))',
  listParam: (values) => JSON.stringify(values),
  lockSessionRow: '',
  skipLocked: '',
};

/**
 * Opens (creating if needed) a SQLite database at `path` (`:memory:` for a private in-memory one)
 * and applies migrations.
 */
export async function openSqliteStore(path: string): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a revocation that returned is on disk even if the machine loses power right after.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const driver = new SqliteDriver(db);
  await driver.migrate();
  const cache = new SqliteSessionCache(db);
  const store = new SqlStore(driver, (id) => cache.find(id));
  databases.set(store, db);
  return store;
}

const databases = new WeakMap<Store, SqliteDatabase>();

/**
 * The connection under a SQLite store, for tests that check what is stored without going
 * through the code under test (an in-memory database has no other connection).
 */
export function sqliteDatabaseOf(store: Store): SqliteDatabase {
  const db = databases.get(store);
  if (db === undefined) throw new Error('Not a SQLite store');
  return db;
}

class SqliteDriver implements Driver {
  readonly kind = 'sqlite' as const;
  readonly dialect = SQLITE_DIALECT;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly db: SqliteDatabase) {}

  private statement(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private perform(step: Statement): unknown {
    const statement = this.statement(step.sql);
    if (step.kind === 'run') return statement.run(...step.params).changes;
    if (step.kind === 'get') return statement.get(...step.params);
    return statement.all(...step.params);
  }

  private drive<T>(work: () => Work<T>): T {
    const steps = work();
    let next = steps.next();
    while (!next.done) next = steps.next(this.perform(next.value));
    return next.value;
  }

  async execute<T>(work: () => Work<T>, options: RunOptions = {}): Promise<T> {
    const once =
      options.atomic === true ? () => this.db.transaction(() => this.drive(work)).immediate() : () => this.drive(work);
    return options.durable === false ? this.withoutFsync(once) : once();
  }

  /**
   * Runs a clean-up without waiting for the disk. Deleting rows that have already expired
   * promises nothing: if a crash lost the deletion, the next sweep does it again. The next
   * ordinary commit (synchronous = FULL again) makes these WAL frames durable with its own.
   * Nothing else can run in between: better-sqlite3 is synchronous.
   */
  private withoutFsync<T>(work: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    try {
      return work();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async migrate(): Promise<void> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
    );
    const apply = this.db.transaction(() => {
      const row = this.db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as {
        version: number;
      };
      for (const migration of SQLITE_MIGRATIONS) {
        if (migration.version <= row.version) continue;
        this.db.exec(migration.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
          .run(migration.version, Date.now());
      }
    });
    apply.immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
