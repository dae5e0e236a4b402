/**
 * SQLite schema, as numbered migrations. Append only: a released migration is never edited.
 * Times are epoch milliseconds (INTEGER).
 */
export const SQLITE_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL
      );
      INSERT INTO tenants (id, created_at) VALUES ('public', CAST(unixepoch('subsec') * 1000 AS INTEGER));

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
      );

      CREATE TABLE user_tenants (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, tenant_id)
      ) WITHOUT ROWID;

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        last_active_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        absolute_expires_at INTEGER NOT NULL,
        authenticated_at INTEGER NOT NULL,
        refresh_generation INTEGER NOT NULL,
        rotated_at INTEGER NOT NULL,
        user_agent TEXT,
        device_name TEXT NOT NULL,
        browser TEXT,
        browser_version TEXT,
        os TEXT,
        device_type TEXT NOT NULL,
        label TEXT,
        ip TEXT,
        client TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user_tenant ON sessions (user_id, tenant_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        generation INTEGER NOT NULL,
        issued_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id, generation);

      CREATE TABLE signing_keys (
        kid TEXT PRIMARY KEY,
        alg TEXT NOT NULL,
        private_jwk TEXT NOT NULL,
        public_jwk TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        reset_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    // Ended sessions are kept, with why, for the history (SESSION_HISTORY_DAYS).
    version: 2,
    sql: `
      ALTER TABLE sessions ADD COLUMN ended_at INTEGER;
      ALTER TABLE sessions ADD COLUMN end_reason TEXT;
      ALTER TABLE sessions ADD COLUMN ended_by_session_id TEXT;
      ALTER TABLE sessions ADD COLUMN ended_by_device_name TEXT;
      DROP INDEX sessions_by_expiry;
      CREATE INDEX sessions_live_by_expiry ON sessions (expires_at) WHERE ended_at IS NULL;
      CREATE INDEX sessions_ended_by_time ON sessions (ended_at) WHERE ended_at IS NOT NULL;
    `,
  },
  {
    // Known devices (issue 12): a device is a browser profile of one user, recognised by a random
    // secret of which only the SHA-256 is kept. Sessions name their device, whether it was new to
    // the account (until acknowledged), and the country their sign-in came from.
    version: 3,
    sql: `
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        secret_hash TEXT NOT NULL,
        label TEXT,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX devices_by_user_secret ON devices (user_id, secret_hash);
      ALTER TABLE sessions ADD COLUMN device_id TEXT;
      ALTER TABLE sessions ADD COLUMN new_device INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sessions ADD COLUMN country_code TEXT;
      CREATE INDEX sessions_by_device ON sessions (device_id) WHERE device_id IS NOT NULL;
      CREATE INDEX sessions_by_user_country ON sessions (user_id, country_code) WHERE country_code IS NOT NULL;
    `,
  },
];
