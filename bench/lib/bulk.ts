/**
 * Bulk loading for the scale benchmarks, straight into the store's tables with set-based SQL
 * (a recursive CTE on SQLite, generate_series on PostgreSQL) so that a million sessions load in
 * seconds. User i has email user<i>@bench.test and the password of lib/http.ts; session j belongs
 * to user floor(j / 10), so every user has ten sessions.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export const SESSIONS_PER_USER = 10;
const DEVICE = {
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  name: 'Firefox on Linux',
  browser: 'Firefox',
  browserVersion: '128.0',
  os: 'Linux',
  type: 'desktop',
};
const DAY = 86_400_000;

export interface BulkLoader {
  /** Adds users [fromUser, toUser) (with their tenant membership). */
  addUsers(fromUser: number, toUser: number, passwordHash: string): Promise<void>;
  /** Adds sessions [fromSession, toSession), each with one refresh token; `expired` dates them in the past. */
  addSessions(fromSession: number, toSession: number, options?: { expired?: boolean; userId?: string }): Promise<void>;
  countSessions(): Promise<number>;
  /** Refreshes planner statistics after a bulk load (autovacuum would, a little later). */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

export function userIdOf(index: number): string {
  return `u${String(index).padStart(8, '0')}`;
}

export function emailOf(index: number): string {
  return `user${index}@bench.test`;
}

export function openSqliteBulk(path: string): BulkLoader {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  // A large page cache for the loader only: random-key inserts into a 1M-row B-tree thrash the default 2 MiB.
  db.pragma('cache_size = -524288');
  return {
    async addUsers(fromUser, toUser, passwordHash) {
      const now = Date.now();
      db.transaction(() => {
        db.prepare(
          `WITH RECURSIVE seq(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < @to)
           INSERT INTO users (id, email, password_hash, created_at, disabled_at)
           SELECT 'u' || printf('%08d', i), 'user' || i || '@bench.test', @hash, @now, NULL FROM seq`,
        ).run({ from: fromUser, to: toUser, hash: passwordHash, now });
        db.prepare(
          `WITH RECURSIVE seq(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < @to)
           INSERT INTO user_tenants (user_id, tenant_id) SELECT 'u' || printf('%08d', i), 'public' FROM seq`,
        ).run({ from: fromUser, to: toUser });
      })();
    },
    async addSessions(fromSession, toSession, options = {}) {
      const now = Date.now();
      const expiresAt = options.expired === true ? now - DAY : now + 30 * DAY;
      const absolute = options.expired === true ? now + 60 * DAY : now + 90 * DAY;
      db.transaction(() => {
        const before = (db.prepare('SELECT COALESCE(MAX(rowid), 0) AS id FROM sessions').get() as { id: number }).id;
        db.prepare(
          `WITH RECURSIVE seq(j) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT j + 1 FROM seq WHERE j + 1 < @to)
           INSERT INTO sessions (id, user_id, tenant_id, created_at, last_active_at, expires_at, absolute_expires_at,
             authenticated_at, refresh_generation, rotated_at, user_agent, device_name, browser, browser_version, os,
             device_type, label, ip, client)
           SELECT lower(hex(randomblob(18))),
             COALESCE(@userId, 'u' || printf('%08d', j / ${SESSIONS_PER_USER})), 'public',
             @now - 3600000, @now - (j % 3600) * 1000, @expiresAt, @absolute, @now - 3600000, 0, @now - 3600000,
             @ua, @name, @browser, @version, @os, @type, NULL, '203.0.113.' || (j % 250), 'web'
           FROM seq`,
        ).run({
          from: fromSession,
          to: toSession,
          userId: options.userId ?? null,
          now,
          expiresAt,
          absolute,
          ua: DEVICE.userAgent,
          name: DEVICE.name,
          browser: DEVICE.browser,
          version: DEVICE.browserVersion,
          os: DEVICE.os,
          type: DEVICE.type,
        });
        db.prepare(
          `INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at)
           SELECT lower(hex(randomblob(32))), id, 0, rotated_at FROM sessions WHERE rowid > ?`,
        ).run(before);
      })();
    },
    async countSessions() {
      return (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    },
    async analyze() {
      db.exec('ANALYZE');
    },
    async close() {
      db.close();
    },
  };
}

export async function openPostgresBulk(url: string, schema: string): Promise<BulkLoader> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  // Bulk rows are consistent by construction; skipping the FK triggers makes the load several times faster.
  await client.query('SET session_replication_role = replica');
  return {
    async addUsers(fromUser, toUser, passwordHash) {
      const now = Date.now();
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO users (id, email, password_hash, created_at, disabled_at)
         SELECT 'u' || lpad(i::text, 8, '0'), 'user' || i || '@bench.test', $3, $4, NULL
         FROM generate_series($1::int, $2::int - 1) AS i`,
        [fromUser, toUser, passwordHash, now],
      );
      await client.query(
        `INSERT INTO user_tenants (user_id, tenant_id)
         SELECT 'u' || lpad(i::text, 8, '0'), 'public' FROM generate_series($1::int, $2::int - 1) AS i`,
        [fromUser, toUser],
      );
      await client.query('COMMIT');
    },
    async addSessions(fromSession, toSession, options = {}) {
      const now = Date.now();
      const expiresAt = options.expired === true ? now - DAY : now + 30 * DAY;
      const absolute = options.expired === true ? now + 60 * DAY : now + 90 * DAY;
      await client.query(
        `WITH added AS (
           INSERT INTO sessions (id, user_id, tenant_id, created_at, last_active_at, expires_at, absolute_expires_at,
             authenticated_at, refresh_generation, rotated_at, user_agent, device_name, browser, browser_version, os,
             device_type, label, ip, client)
           SELECT md5(random()::text || j::text),
             COALESCE($11::text, 'u' || lpad((j / ${SESSIONS_PER_USER})::text, 8, '0')), 'public',
             $3::bigint - 3600000, $3::bigint - (j % 3600) * 1000, $4::bigint, $5::bigint,
             $3::bigint - 3600000, 0, $3::bigint - 3600000,
             $6, $7, $8, $9, $10, 'desktop', NULL, '203.0.113.' || (j % 250), 'web'
           FROM generate_series($1::int, $2::int - 1) AS j
           RETURNING id, rotated_at)
         INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at)
         SELECT md5(random()::text) || md5(random()::text), id, 0, rotated_at FROM added`,
        [
          fromSession,
          toSession,
          now,
          expiresAt,
          absolute,
          DEVICE.userAgent,
          DEVICE.name,
          DEVICE.browser,
          DEVICE.browserVersion,
          DEVICE.os,
          options.userId ?? null,
        ],
      );
    },
    async countSessions() {
      const result = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM sessions');
      return Number(result.rows[0]?.n ?? 0);
    },
    async analyze() {
      await client.query('ANALYZE');
    },
    async close() {
      await client.end();
    },
  };
}

/** Drops a benchmark schema (and everything in it). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^bench_[a-z0-9_]+$/.test(schema)) throw new Error(`refusing to drop schema ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
