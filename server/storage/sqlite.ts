/**
 * The embedded SQLite store (better-sqlite3): nothing to install, one file on disk.
 * better-sqlite3 is synchronous, so each method body runs to completion without interleaving;
 * multi-statement changes run in IMMEDIATE transactions so that another process on the same
 * file (sessionctl) cannot slip between a read and the write that depends on it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { decideRefresh } from '../session/refresh-decision.ts';
import { SESSION_COLUMNS, SESSION_WITH_USER_COLUMNS, sessionFromRow, sessionToRowValues, sessionWithUserFromRow, signingKeyFromRow, userFromRow } from './rows.ts';
import type { SessionRow, SessionWithUserRow, SigningKeyRow, UserRow } from './rows.ts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
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

const SESSION_SELECT = `SELECT ${SESSION_COLUMNS.join(', ')} FROM sessions`;
// The request path's query, built once: the statement cache is keyed by the SQL text.
const SESSION_WITH_USER_BY_ID = `SELECT ${SESSION_WITH_USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`;

/**
 * Opens (creating if needed) a SQLite database at `path` (`:memory:` for a private in-memory one)
 * and applies migrations.
 */
export async function openSqliteStore(path: string): Promise<SessionStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a revocation that returned is on disk even if the machine loses power right after.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const store = new SqliteStore(db);
  await store.migrate();
  return store;
}

const SESSION_CACHE_LIMIT = 10_000;

/** Callers may change what they get (the request path updates lastActiveAt): hand out copies. */
function copySessionWithUser(found: SessionWithUser): SessionWithUser {
  return { session: { ...found.session, device: { ...found.session.device } }, user: { ...found.user } };
}

class SqliteStore implements SessionStore {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  private readonly dataVersion: Statement;
  private readonly totalChanges: Statement;
  private readonly sessionCache = new Map<string, SessionWithUser>();
  private cachedDataVersion = -1;
  private cachedTotalChanges = -1;

  constructor(private readonly db: SqliteDatabase) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const apply = this.db.transaction(() => {
      const row = this.db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as { version: number };
      for (const migration of SQLITE_MIGRATIONS) {
        if (migration.version <= row.version) continue;
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, Date.now());
      }
    });
    apply.immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async insertTenant(tenant: TenantRecord): Promise<boolean> {
    const result = this.statement('INSERT OR IGNORE INTO tenants (id, created_at) VALUES (?, ?)').run(tenant.id, tenant.createdAt);
    return result.changes === 1;
  }

  async findTenant(id: string): Promise<TenantRecord | null> {
    const row = this.statement('SELECT id, created_at FROM tenants WHERE id = ?').get(id) as { id: string; created_at: number } | undefined;
    return row === undefined ? null : { id: row.id, createdAt: row.created_at };
  }

  async listTenants(): Promise<TenantRecord[]> {
    const rows = this.statement('SELECT id, created_at FROM tenants ORDER BY id').all() as { id: string; created_at: number }[];
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
  }

  async insertUser(user: UserRecord, tenantId: string): Promise<boolean> {
    const insert = this.db.transaction(() => {
      const result = this.statement(
        'INSERT OR IGNORE INTO users (id, email, password_hash, created_at, disabled_at) VALUES (?, ?, ?, ?, ?)',
      ).run(user.id, user.email, user.passwordHash, user.createdAt, user.disabledAt);
      if (result.changes !== 1) return false;
      this.statement('INSERT INTO user_tenants (user_id, tenant_id) VALUES (?, ?)').run(user.id, tenantId);
      return true;
    });
    return insert.immediate();
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = this.statement('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row === undefined ? null : userFromRow(row);
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = this.statement('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined;
    return row === undefined ? null : userFromRow(row);
  }

  async addUserToTenant(userId: string, tenantId: string): Promise<void> {
    this.statement('INSERT OR IGNORE INTO user_tenants (user_id, tenant_id) VALUES (?, ?)').run(userId, tenantId);
  }

  async isUserInTenant(userId: string, tenantId: string): Promise<boolean> {
    return this.statement('SELECT 1 FROM user_tenants WHERE user_id = ? AND tenant_id = ?').get(userId, tenantId) !== undefined;
  }

  async listUserTenants(userId: string): Promise<string[]> {
    const rows = this.statement('SELECT tenant_id FROM user_tenants WHERE user_id = ? ORDER BY tenant_id').all(userId) as { tenant_id: string }[];
    return rows.map((row) => row.tenant_id);
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    this.statement('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
  }

  async setUserDisabled(userId: string, disabledAt: number | null): Promise<void> {
    this.statement('UPDATE users SET disabled_at = ? WHERE id = ?').run(disabledAt, userId);
  }

  async insertSession(session: SessionRecord, refreshTokenHash: string): Promise<void> {
    const insert = this.db.transaction(() => {
      this.statement(
        `INSERT INTO sessions (${SESSION_COLUMNS.join(', ')}) VALUES (${SESSION_COLUMNS.map(() => '?').join(', ')})`,
      ).run(...sessionToRowValues(session));
      this.statement('INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at) VALUES (?, ?, ?, ?)').run(
        refreshTokenHash,
        session.id,
        session.refreshGeneration,
        session.rotatedAt,
      );
    });
    insert.immediate();
  }

  async findSessionById(id: string): Promise<SessionRecord | null> {
    const row = this.statement(`${SESSION_SELECT} WHERE id = ?`).get(id) as SessionRow | undefined;
    return row === undefined ? null : sessionFromRow(row);
  }

  /**
   * The request path's lookup, answered from memory while the database has not changed. The
   * stamp (data_version, which moves when another connection such as sessionctl commits, and
   * total_changes(), which moves with every write of our own) is what tells. Lookups that arrive
   * in the same turn of the event loop share one reading of it, taken after all of them arrived,
   * so a revocation that returned anywhere before a request came in is seen by that request:
   * strict mode keeps its promise, and a busy server reads the stamp once per turn, not per request.
   */
  findSessionWithUser(id: string): Promise<SessionWithUser | null> {
    return new Promise((resolve, reject) => {
      if (this.pendingLookups === null) {
        this.pendingLookups = [];
        setImmediate(() => this.flushLookups());
      }
      this.pendingLookups.push({ id, resolve, reject });
    });
  }

  private pendingLookups: { id: string; resolve: (found: SessionWithUser | null) => void; reject: (error: unknown) => void }[] | null = null;

  private flushLookups(): void {
    const batch = this.pendingLookups ?? [];
    this.pendingLookups = null;
    try {
      // One reading for the whole batch; nothing can interleave (better-sqlite3 is synchronous).
      this.readStamp();
    } catch (error) {
      for (const lookup of batch) lookup.reject(error);
      return;
    }
    for (const lookup of batch) {
      try {
        lookup.resolve(this.lookupSessionWithUser(lookup.id));
      } catch (error) {
        lookup.reject(error);
      }
    }
  }

  /** Forgets every cached session if the database changed since the last reading. */
  private readStamp(): void {
    const dataVersion = this.dataVersion.get() as number;
    const totalChanges = this.totalChanges.get() as number;
    if (dataVersion !== this.cachedDataVersion || totalChanges !== this.cachedTotalChanges) {
      this.sessionCache.clear();
      this.cachedDataVersion = dataVersion;
      this.cachedTotalChanges = totalChanges;
    }
  }

  private lookupSessionWithUser(id: string): SessionWithUser | null {
    const cached = this.sessionCache.get(id);
    if (cached !== undefined) return copySessionWithUser(cached);
    const row = this.statement(SESSION_WITH_USER_BY_ID).get(id) as SessionWithUserRow | undefined;
    if (row === undefined) return null;
    const found = sessionWithUserFromRow(row);
    if (this.sessionCache.size >= SESSION_CACHE_LIMIT) this.sessionCache.clear();
    this.sessionCache.set(id, found);
    return copySessionWithUser(found);
  }

  async listSessionsByUser(userId: string, now: number, filter: SessionFilter = {}): Promise<SessionRecord[]> {
    const rows = (
      filter.tenantId === undefined
        ? this.statement(`${SESSION_SELECT} WHERE user_id = ? AND expires_at > ?`).all(userId, now)
        : this.statement(`${SESSION_SELECT} WHERE user_id = ? AND tenant_id = ? AND expires_at > ?`).all(userId, filter.tenantId, now)
    ) as SessionRow[];
    return rows.map(sessionFromRow).filter((session) => session.id !== filter.exceptSessionId);
  }

  async touchSession(id: string, lastActiveAt: number, ip: string | null): Promise<void> {
    this.statement('UPDATE sessions SET last_active_at = MAX(last_active_at, ?), ip = COALESCE(?, ip) WHERE id = ?').run(lastActiveAt, ip, id);
  }

  async markAuthenticated(id: string, authenticatedAt: number): Promise<void> {
    this.statement('UPDATE sessions SET authenticated_at = ? WHERE id = ?').run(authenticatedAt, id);
  }

  async setSessionLabel(id: string, label: string | null): Promise<void> {
    this.statement('UPDATE sessions SET label = ? WHERE id = ?').run(label, id);
  }

  async deleteSessionById(id: string): Promise<boolean> {
    return this.statement('DELETE FROM sessions WHERE id = ?').run(id).changes === 1;
  }

  async deleteSessionsByIds(ids: readonly string[]): Promise<string[]> {
    const remove = this.db.transaction((list: readonly string[]) => {
      const deleted: string[] = [];
      for (const id of new Set(list)) {
        if (this.statement('DELETE FROM sessions WHERE id = ?').run(id).changes === 1) deleted.push(id);
      }
      return deleted;
    });
    return remove.immediate(ids);
  }

  async deleteSessionsByUser(userId: string, filter: SessionFilter = {}): Promise<string[]> {
    const tenantClause = filter.tenantId === undefined ? '' : ' AND tenant_id = @tenantId';
    const exceptClause = filter.exceptSessionId === undefined ? '' : ' AND id <> @exceptSessionId';
    const rows = this.statement(`DELETE FROM sessions WHERE user_id = @userId${tenantClause}${exceptClause} RETURNING id`).all({
      userId,
      ...(filter.tenantId === undefined ? {} : { tenantId: filter.tenantId }),
      ...(filter.exceptSessionId === undefined ? {} : { exceptSessionId: filter.exceptSessionId }),
    }) as { id: string }[];
    return rows.map((row) => row.id);
  }

  async reissueRefreshToken(sessionId: string, nextHash: string, now: number, keepGenerations: number): Promise<SessionRecord | null> {
    const reissue = this.db.transaction((): SessionRecord | null => {
      const row = this.statement(
        `UPDATE sessions SET refresh_generation = refresh_generation + 1, rotated_at = ? WHERE id = ? AND expires_at > ? RETURNING ${SESSION_COLUMNS.join(', ')}`,
      ).get(now, sessionId, now) as SessionRow | undefined;
      if (row === undefined) return null;
      const session = sessionFromRow(row);
      this.statement('INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at) VALUES (?, ?, ?, ?)').run(nextHash, sessionId, session.refreshGeneration, now);
      this.statement('DELETE FROM refresh_tokens WHERE session_id = ? AND generation < ?').run(sessionId, session.refreshGeneration - keepGenerations);
      return session;
    });
    return reissue.immediate();
  }

  async deleteAllSessions(filter: { tenantId?: string } = {}): Promise<number> {
    return filter.tenantId === undefined
      ? this.statement('DELETE FROM sessions').run().changes
      : this.statement('DELETE FROM sessions WHERE tenant_id = ?').run(filter.tenantId).changes;
  }

  async exchangeRefreshToken(input: RefreshExchangeInput): Promise<RefreshExchangeResult> {
    const exchange = this.db.transaction((): RefreshExchangeResult => {
      const token = this.statement('SELECT session_id, generation FROM refresh_tokens WHERE token_hash = ?').get(input.presentedHash) as
        | { session_id: string; generation: number }
        | undefined;
      if (token === undefined) return { outcome: 'invalid' };
      const row = this.statement(`${SESSION_SELECT} WHERE id = ?`).get(token.session_id) as SessionRow | undefined;
      const session = row === undefined ? null : sessionFromRow(row);
      const decision = decideRefresh(session, token.generation, input.now, input.graceMs);
      if (session === null || decision === 'invalid') return { outcome: 'invalid' };
      if (decision === 'theft') {
        this.statement('DELETE FROM sessions WHERE id = ?').run(session.id);
        return { outcome: 'theft', sessionId: session.id, userId: session.userId, tenantId: session.tenantId };
      }
      const insertToken = this.statement('INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at) VALUES (?, ?, ?, ?)');
      if (decision === 'concurrent') {
        insertToken.run(input.nextHash, session.id, session.refreshGeneration, input.now);
        return { outcome: 'concurrent', session };
      }
      const rotated: SessionRecord = {
        ...session,
        refreshGeneration: session.refreshGeneration + 1,
        rotatedAt: input.now,
        expiresAt: Math.min(input.now + input.idleTtlMs, session.absoluteExpiresAt),
        lastActiveAt: Math.max(session.lastActiveAt, input.now),
      };
      this.statement(
        'UPDATE sessions SET refresh_generation = ?, rotated_at = ?, expires_at = ?, last_active_at = ? WHERE id = ?',
      ).run(rotated.refreshGeneration, rotated.rotatedAt, rotated.expiresAt, rotated.lastActiveAt, session.id);
      insertToken.run(input.nextHash, session.id, rotated.refreshGeneration, input.now);
      this.statement('DELETE FROM refresh_tokens WHERE session_id = ? AND generation < ?').run(
        session.id,
        rotated.refreshGeneration - input.keepGenerations,
      );
      return { outcome: 'rotated', session: rotated };
    });
    return exchange.immediate();
  }

  async deleteExpiredSessions(now: number, limit: number): Promise<number> {
    return this.withoutFsync(() => this.statement('DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ? LIMIT ?)').run(now, limit).changes);
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

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const rows = this.statement('SELECT * FROM signing_keys ORDER BY created_at, kid').all() as SigningKeyRow[];
    return rows.map(signingKeyFromRow);
  }

  async insertSigningKey(key: SigningKeyRecord): Promise<void> {
    this.statement('INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?, ?)').run(
      key.kid,
      key.alg,
      key.privateJwk,
      key.publicJwk,
      key.createdAt,
    );
  }

  async hitRateLimit(key: string, now: number, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const row = this.statement(
      `INSERT INTO rate_limits (key, count, reset_at) VALUES (@key, 1, @resetAt)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN reset_at <= @now THEN 1 ELSE count + 1 END,
         reset_at = CASE WHEN reset_at <= @now THEN @resetAt ELSE reset_at END
       RETURNING count, reset_at`,
    ).get({ key, now, resetAt: now + windowMs }) as { count: number; reset_at: number };
    return { count: row.count, resetAt: row.reset_at };
  }

  async peekRateLimit(key: string, now: number): Promise<{ count: number; resetAt: number }> {
    const row = this.statement('SELECT count, reset_at FROM rate_limits WHERE key = ?').get(key) as { count: number; reset_at: number } | undefined;
    if (row === undefined || row.reset_at <= now) return { count: 0, resetAt: now };
    return { count: row.count, resetAt: row.reset_at };
  }

  async releaseRateLimit(key: string, now: number): Promise<void> {
    this.statement('UPDATE rate_limits SET count = count - 1 WHERE key = ? AND reset_at > ? AND count > 0').run(key, now);
  }

  async deleteExpiredRateLimits(now: number, limit: number): Promise<number> {
    return this.withoutFsync(() => this.statement('DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits WHERE reset_at <= ? LIMIT ?)').run(now, limit).changes);
  }

  async clearRateLimit(key: string): Promise<void> {
    this.statement('DELETE FROM rate_limits WHERE key = ?').run(key);
  }
}
