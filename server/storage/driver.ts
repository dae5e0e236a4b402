/**
 * The small seam between the one store implementation (sql-store.ts) and an engine. A store
 * method is written once as a generator of statements; each driver runs it its own way:
 * better-sqlite3 synchronously inside one IMMEDIATE transaction, pg over the network inside
 * BEGIN … COMMIT. Statements use `?` placeholders; what the two SQL dialects spell differently is
 * in `Dialect`, and nowhere else.
 */
import type { StoreKind } from '../session/store.ts';

/** One statement: `get` the first row, `all` rows, or `run` for the number of rows changed. */
export interface Statement {
  readonly kind: 'get' | 'all' | 'run';
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A unit of store work: yields statements, receives each one's result, returns the answer. */
export type Work<T> = Generator<Statement, T, unknown>;

export function* get<Row>(sql: string, ...params: unknown[]): Generator<Statement, Row | undefined, unknown> {
  return (yield { kind: 'get', sql, params }) as Row | undefined;
}

export function* all<Row>(sql: string, ...params: unknown[]): Generator<Statement, Row[], unknown> {
  return (yield { kind: 'all', sql, params }) as Row[];
}

/** Runs a statement that returns no rows; the number of rows it changed. */
export function* run(sql: string, ...params: unknown[]): Generator<Statement, number, unknown> {
  return (yield { kind: 'run', sql, params }) as number;
}

export interface RunOptions {
  /** All statements in one transaction (a single statement is atomic anyway). */
  atomic?: boolean;
  /**
   * False for clean-ups that promise nothing if lost in a crash (sweeping rows that already
   * expired): SQLite may then skip waiting for the disk.
   */
  durable?: boolean;
}

/** What the two SQL dialects spell differently. */
export interface Dialect {
  /** The larger of two values: SQLite's two-argument MAX, PostgreSQL's GREATEST. */
  greatest(a: string, b: string): string;
  /** `IN` over one list parameter: json_each in SQLite, unnest of a text[] in PostgreSQL. */
  readonly inList: string;
  /** The value to bind for `inList`. */
  listParam(values: readonly string[]): unknown;
  /** Appended to the refresh exchange's SELECT: lock the session row until the transaction ends. */
  readonly lockSessionRow: string;
  /** Appended to a sweep's inner SELECT: take only rows nobody holds. */
  readonly skipLocked: string;
}

export interface Driver {
  readonly kind: StoreKind;
  readonly dialect: Dialect;
  execute<T>(work: () => Work<T>, options?: RunOptions): Promise<T>;
  /** Applies the engine's pending migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
