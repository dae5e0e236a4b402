/**
 * The PostgreSQL store, for several server instances sharing one database. Every multi-statement
 * change runs in one transaction; the refresh exchange locks the session row (SELECT … FOR UPDATE)
 * so that concurrent refreshes on different instances are serialised by the database.
 * Connection trouble surfaces as StoreUnavailableError within a few seconds, never as a hang.
 */
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import { decideRefresh } from '../session/refresh-decision.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { SESSION_COLUMNS, SESSION_WITH_USER_COLUMNS, sessionFromRow, sessionToRowValues, sessionWithUserFromRow, signingKeyFromRow, userFromRow } from './rows.ts';
import type { Integer, SessionRow, SessionWithUserRow, SigningKeyRow, UserRow } from './rows.ts';
import { StoreUnavailableError } from './store.ts';
import type {
  RefreshExchangeInput,
  RefreshExchangeResult,
  SessionFilter,
  SessionRecord,
  SessionStore,
  SessionWithUser,
  SigningKeyRecord,
  TenantRecord,
  UserRecord,
} from './store.ts';

/** Options of openPostgresStore. */
export interface PostgresStoreOptions {
  /** Schema holding the tables (created if missing); also read from `?schema=` in the URL. */
  schema?: string;
  /** Maximum connections in the pool (default 10). */
  poolSize?: number;
}

const SESSION_LIST = SESSION_COLUMNS.join(', ');
const SESSION_SELECT = `SELECT ${SESSION_LIST} FROM sessions`;

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '57014', // query_canceled: our statement_timeout fired
  '53300', // too_many_connections
  '55P03', // lock_not_available: our lock_timeout fired
]);
const UNAVAILABLE_MESSAGE = /timeout|connection terminated|not queryable|connection error|closed the connection/i;

/** True when `error` says the database cannot be reached (rather than that the query is wrong). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionError(error)) return error;
  return new StoreUnavailableError('The PostgreSQL session store cannot be reached', { cause: error });
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Splits `?schema=` out of a connection URL, since pg would not know what to do with it. */
function takeSchemaFromUrl(url: string): { url: string; schema: string | undefined } {
  if (!/^postgres(ql)?:\/\//i.test(url) || !url.includes('schema=')) return { url, schema: undefined };
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema };
}

/**
 * Connects to PostgreSQL at `url`, applies pending migrations and returns the store.
 * Rejects with StoreUnavailableError when the database cannot be reached.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<SessionStore> {
  const fromUrl = takeSchemaFromUrl(url);
  const schema = options.schema ?? fromUrl.schema;
  if (schema !== undefined && !IDENTIFIER.test(schema)) throw new Error('PostgreSQL schema name must be a plain identifier');
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
  const store = new PostgresStore(pool, schema);
  try {
    await store.migrate();
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return store;
}

interface LookupWaiter {
  resolve(value: SessionWithUser | null): void;
  reject(error: Error): void;
}

const SESSIONS_WITH_USERS_BY_IDS = `SELECT ${SESSION_WITH_USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ANY($1::text[])`;

class PostgresStore implements SessionStore {
  readonly kind = 'postgres' as const;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string | undefined,
  ) {}

  private async query<Row extends QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(sql, values);
    } catch (error) {
      throw toStoreError(error);
    }
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
      await client.query("SELECT pg_advisory_xact_lock(hashtext('session-control:migrate:' || current_setting('search_path')))");
      if (this.schema !== undefined) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      } else {
        await this.createSearchPathSchema(client);
      }
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const applied = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
      const current = applied.rows[0]?.version ?? 0;
      for (const migration of POSTGRES_MIGRATIONS) {
        if (migration.version <= current) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, Date.now()]);
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
    const first = row.path.split(',')[0]?.trim().replace(/^"(.*)"$/, '$1') ?? '';
    if (IDENTIFIER.test(first)) await client.query(`CREATE SCHEMA IF NOT EXISTS ${first}`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async insertTenant(tenant: TenantRecord): Promise<boolean> {
    const result = await this.query('INSERT INTO tenants (id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      tenant.id,
      tenant.createdAt,
    ]);
    return result.rowCount === 1;
  }

  async findTenant(id: string): Promise<TenantRecord | null> {
    const result = await this.query<{ id: string; created_at: Integer }>('SELECT id, created_at FROM tenants WHERE id = $1', [id]);
    const row = result.rows[0];
    return row === undefined ? null : { id: row.id, createdAt: Number(row.created_at) };
  }

  async listTenants(): Promise<TenantRecord[]> {
    const result = await this.query<{ id: string; created_at: Integer }>('SELECT id, created_at FROM tenants ORDER BY id');
    return result.rows.map((row) => ({ id: row.id, createdAt: Number(row.created_at) }));
  }

  async insertUser(user: UserRecord, tenantId: string): Promise<boolean> {
    // One statement, so one round trip and atomic: the membership exists only if the user does.
    const result = await this.query(
      `WITH inserted AS (
         INSERT INTO users (id, email, password_hash, created_at, disabled_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING id
       )
       INSERT INTO user_tenants (user_id, tenant_id) SELECT id, $6 FROM inserted`,
      [user.id, user.email, user.passwordHash, user.createdAt, user.disabledAt, tenantId],
    );
    return result.rowCount === 1;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const result = await this.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    const row = result.rows[0];
    return row === undefined ? null : userFromRow(row);
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const result = await this.query<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
    const row = result.rows[0];
    return row === undefined ? null : userFromRow(row);
  }

  async addUserToTenant(userId: string, tenantId: string): Promise<void> {
    await this.query('INSERT INTO user_tenants (user_id, tenant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, tenantId]);
  }

  async isUserInTenant(userId: string, tenantId: string): Promise<boolean> {
    const result = await this.query('SELECT 1 FROM user_tenants WHERE user_id = $1 AND tenant_id = $2', [userId, tenantId]);
    return result.rowCount === 1;
  }

  async listUserTenants(userId: string): Promise<string[]> {
    const result = await this.query<{ tenant_id: string }>('SELECT tenant_id FROM user_tenants WHERE user_id = $1 ORDER BY tenant_id', [
      userId,
    ]);
    return result.rows.map((row) => row.tenant_id);
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
  }

  async setUserDisabled(userId: string, disabledAt: number | null): Promise<void> {
    await this.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [userId, disabledAt]);
  }

  async insertSession(session: SessionRecord, refreshTokenHash: string): Promise<void> {
    // One statement: the session and its first refresh token appear together or not at all.
    const tokenParameter = SESSION_COLUMNS.length + 1;
    await this.query(
      `WITH inserted AS (
         INSERT INTO sessions (${SESSION_LIST}) VALUES (${SESSION_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
         RETURNING id, refresh_generation, rotated_at
       )
       INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at)
       SELECT $${tokenParameter}, id, refresh_generation, rotated_at FROM inserted`,
      [...sessionToRowValues(session), refreshTokenHash],
    );
  }

  async findSessionById(id: string): Promise<SessionRecord | null> {
    const result = await this.query<SessionRow>(`${SESSION_SELECT} WHERE id = $1`, [id]);
    const row = result.rows[0];
    return row === undefined ? null : sessionFromRow(row);
  }

  /**
   * The request path's lookup. Lookups that arrive in the same turn of the event loop go to the
   * database as one query (`id = ANY($1)`, a named prepared statement): under load the round trip
   * is shared instead of paid per request. Each lookup is still sent after its request arrived,
   * so it sees every revocation that had returned by then: strict mode keeps its promise.
   */
  findSessionWithUser(id: string): Promise<SessionWithUser | null> {
    return new Promise((resolve, reject) => {
      let batch = this.pendingLookups;
      if (batch === null) {
        batch = new Map();
        this.pendingLookups = batch;
        const flushing = batch;
        setImmediate(() => void this.flushLookups(flushing));
      }
      const waiters = batch.get(id);
      if (waiters === undefined) batch.set(id, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
    });
  }

  private pendingLookups: Map<string, LookupWaiter[]> | null = null;

  private async flushLookups(batch: Map<string, LookupWaiter[]>): Promise<void> {
    if (this.pendingLookups === batch) this.pendingLookups = null;
    let rows: SessionWithUserRow[];
    try {
      const result = await this.pool.query<SessionWithUserRow>({ name: 'sessions-with-users-by-id', text: SESSIONS_WITH_USERS_BY_IDS, values: [[...batch.keys()]] });
      rows = result.rows;
    } catch (error) {
      const mapped = toStoreError(error);
      const failure = mapped instanceof Error ? mapped : new Error(String(mapped));
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(failure);
      return;
    }
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const [id, waiters] of batch) {
      const row = found.get(id);
      // Each caller gets its own objects: the request path updates lastActiveAt on its copy.
      for (const waiter of waiters) waiter.resolve(row === undefined ? null : sessionWithUserFromRow(row));
    }
  }

  async listSessionsByUser(userId: string, now: number, filter: SessionFilter = {}): Promise<SessionRecord[]> {
    const { clause, values } = filterClause(filter, [userId, now]);
    const result = await this.query<SessionRow>(
      `${SESSION_SELECT} WHERE user_id = $1 AND expires_at > $2 AND absolute_expires_at > $2${clause}`,
      values,
    );
    return result.rows.map(sessionFromRow);
  }

  async touchSession(id: string, lastActiveAt: number, ip: string | null): Promise<void> {
    await this.query('UPDATE sessions SET last_active_at = GREATEST(last_active_at, $2), ip = COALESCE($3, ip) WHERE id = $1', [
      id,
      lastActiveAt,
      ip,
    ]);
  }

  async markAuthenticated(id: string, authenticatedAt: number): Promise<void> {
    await this.query('UPDATE sessions SET authenticated_at = $2 WHERE id = $1', [id, authenticatedAt]);
  }

  async setSessionLabel(id: string, label: string | null): Promise<void> {
    await this.query('UPDATE sessions SET label = $2 WHERE id = $1', [id, label]);
  }

  async deleteSessionById(id: string): Promise<boolean> {
    const result = await this.query('DELETE FROM sessions WHERE id = $1', [id]);
    return result.rowCount === 1;
  }

  async deleteSessionsByIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const result = await this.query<{ id: string }>('DELETE FROM sessions WHERE id = ANY($1::text[]) RETURNING id', [[...ids]]);
    return result.rows.map((row) => row.id);
  }

  async deleteSessionsByUser(userId: string, filter: SessionFilter = {}): Promise<string[]> {
    const { clause, values } = filterClause(filter, [userId]);
    const result = await this.query<{ id: string }>(`DELETE FROM sessions WHERE user_id = $1${clause} RETURNING id`, values);
    return result.rows.map((row) => row.id);
  }

  async reissueRefreshToken(sessionId: string, nextHash: string, now: number, keepGenerations: number): Promise<SessionRecord | null> {
    return this.transaction(async (client) => {
      // The UPDATE takes the same row lock as a refresh exchange, so the two are serialised.
      const updated = await client.query<SessionRow>(
        `UPDATE sessions SET refresh_generation = refresh_generation + 1, rotated_at = $2
         WHERE id = $1 AND expires_at > $2 AND absolute_expires_at > $2 RETURNING ${SESSION_LIST}`,
        [sessionId, now],
      );
      const row = updated.rows[0];
      if (row === undefined) return null;
      const session = sessionFromRow(row);
      await client.query('INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at) VALUES ($1, $2, $3, $4)', [nextHash, sessionId, session.refreshGeneration, now]);
      await client.query('DELETE FROM refresh_tokens WHERE session_id = $1 AND generation < $2', [sessionId, session.refreshGeneration - keepGenerations]);
      return session;
    });
  }

  async deleteAllSessions(filter: { tenantId?: string } = {}): Promise<number> {
    const result = filter.tenantId === undefined
      ? await this.query('DELETE FROM sessions')
      : await this.query('DELETE FROM sessions WHERE tenant_id = $1', [filter.tenantId]);
    return result.rowCount ?? 0;
  }

  async exchangeRefreshToken(input: RefreshExchangeInput): Promise<RefreshExchangeResult> {
    return this.transaction(async (client): Promise<RefreshExchangeResult> => {
      // The row lock on the session serialises every exchange of it, across all instances: the
      // second of two simultaneous refreshes waits here and then reads the first one's rotation.
      const locked = await client.query<SessionRow & { presented_generation: number }>(
        `SELECT ${SESSION_COLUMNS.map((column) => `s.${column}`).join(', ')}, t.generation AS presented_generation
         FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
         WHERE t.token_hash = $1 FOR UPDATE OF s`,
        [input.presentedHash],
      );
      const row = locked.rows[0];
      if (row === undefined) return { outcome: 'invalid' };
      const session = sessionFromRow(row);
      const decision = decideRefresh(session, row.presented_generation, input.now, input.graceMs);
      if (decision === 'invalid') return { outcome: 'invalid' };
      if (decision === 'theft') {
        // Deleting the session deletes all its refresh tokens (ON DELETE CASCADE).
        await client.query('DELETE FROM sessions WHERE id = $1', [session.id]);
        return { outcome: 'theft', sessionId: session.id, userId: session.userId, tenantId: session.tenantId };
      }
      const insertToken = 'INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at) VALUES ($1, $2, $3, $4)';
      if (decision === 'concurrent') {
        await client.query(insertToken, [input.nextHash, session.id, session.refreshGeneration, input.now]);
        return { outcome: 'concurrent', session };
      }
      const generation = session.refreshGeneration + 1;
      const updated = await client.query<SessionRow>(
        `UPDATE sessions SET refresh_generation = $2, rotated_at = $3, expires_at = $4, last_active_at = GREATEST(last_active_at, $3)
         WHERE id = $1 RETURNING ${SESSION_LIST}`,
        [session.id, generation, input.now, Math.min(input.now + input.idleTtlMs, session.absoluteExpiresAt)],
      );
      await client.query(insertToken, [input.nextHash, session.id, generation, input.now]);
      const oldestKept = generation - input.keepGenerations;
      if (oldestKept > 0) {
        await client.query('DELETE FROM refresh_tokens WHERE session_id = $1 AND generation < $2', [session.id, oldestKept]);
      }
      const rotated = updated.rows[0];
      if (rotated === undefined) throw new Error('Locked session vanished during refresh');
      return { outcome: 'rotated', session: sessionFromRow(rotated) };
    });
  }

  async deleteExpiredSessions(now: number, limit: number): Promise<number> {
    // SKIP LOCKED: the sweeper never waits behind (or blocks) a refresh holding a session lock.
    const result = await this.query(
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions WHERE expires_at <= $1 OR absolute_expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       )`,
      [now, limit],
    );
    return result.rowCount ?? 0;
  }

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const result = await this.query<SigningKeyRow>('SELECT * FROM signing_keys ORDER BY created_at, kid');
    return result.rows.map(signingKeyFromRow);
  }

  async insertSigningKey(key: SigningKeyRecord): Promise<void> {
    await this.query('INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5)', [
      key.kid,
      key.alg,
      key.privateJwk,
      key.publicJwk,
      key.createdAt,
    ]);
  }

  async hitRateLimit(key: string, now: number, windowMs: number): Promise<{ count: number; resetAt: number }> {
    // One statement, so that instances hitting the same key at once all count.
    const result = await this.query<{ count: number; reset_at: Integer }>(
      `INSERT INTO rate_limits AS r (key, count, reset_at) VALUES ($1, 1, $2::bigint + $3::bigint)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.reset_at <= $2::bigint THEN 1 ELSE r.count + 1 END,
         reset_at = CASE WHEN r.reset_at <= $2::bigint THEN $2::bigint + $3::bigint ELSE r.reset_at END
       RETURNING count, reset_at`,
      [key, now, windowMs],
    );
    const row = result.rows[0];
    if (row === undefined) throw new Error('Rate limit upsert returned no row');
    return { count: row.count, resetAt: Number(row.reset_at) };
  }

  async peekRateLimit(key: string, now: number): Promise<{ count: number; resetAt: number }> {
    const result = await this.query<{ count: number; reset_at: Integer }>('SELECT count, reset_at FROM rate_limits WHERE key = $1', [key]);
    const row = result.rows[0];
    if (row === undefined || Number(row.reset_at) <= now) return { count: 0, resetAt: now };
    return { count: row.count, resetAt: Number(row.reset_at) };
  }

  async releaseRateLimit(key: string, now: number): Promise<void> {
    await this.query('UPDATE rate_limits SET count = count - 1 WHERE key = $1 AND reset_at > $2::bigint AND count > 0', [key, now]);
  }

  async deleteExpiredRateLimits(now: number, limit: number): Promise<number> {
    const result = await this.query(
      'DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE reset_at <= $1::bigint LIMIT $2 FOR UPDATE SKIP LOCKED)',
      [now, limit],
    );
    return result.rowCount ?? 0;
  }

  async clearRateLimit(key: string): Promise<void> {
    await this.query('DELETE FROM rate_limits WHERE key = $1', [key]);
  }
}

/** Appends the optional tenant / except-session conditions, numbering parameters after `values`. */
function filterClause(filter: SessionFilter, values: unknown[]): { clause: string; values: unknown[] } {
  let clause = '';
  const all = [...values];
  if (filter.tenantId !== undefined) {
    all.push(filter.tenantId);
    clause += ` AND tenant_id = $${all.length}`;
  }
  if (filter.exceptSessionId !== undefined) {
    all.push(filter.exceptSessionId);
    clause += ` AND id <> $${all.length}`;
  }
  return { clause, values: all };
}
