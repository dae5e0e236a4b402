/**
 * Configuration from environment variables, validated once at start-up. Invalid configuration
 * stops the server with one line naming the variable (ConfigError).
 */
import { isIP } from 'node:net';

/** The extension's id, pinned by the `key` in manifest.json (a test keeps the two in step). */
export const EXTENSION_ID = 'kehjfghcnpkbjbdjkbnlbklejjlhopcn';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

export type RevocationMode = 'strict' | 'stateless';
export type PasswordHashCost = 'default' | 'test';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  revocationMode: RevocationMode;
  accessTokenTtlSeconds: number;
  /** Idle lifetime of a session; each refresh slides it. */
  refreshTokenTtlSeconds: number;
  /** Absolute lifetime of a session, however active it is. */
  sessionMaxLifetimeSeconds: number;
  /** How long a rotated-out refresh token may still be exchanged by a concurrent tab. */
  refreshGraceSeconds: number;
  /** A session older than this since its last sign-in must re-authenticate to end other sessions. */
  reauthMaxAgeSeconds: number;
  /** At most this many live sessions per user and tenant; the least recently active go first. */
  maxSessionsPerUser: number;
  /** How long ended sessions are kept for the history (0: none). */
  sessionHistoryDays: number;
  /** Open event streams (GET /api/events) per user on one instance; past it the oldest is closed. */
  maxEventStreamsPerUser: number;
  /** Open event streams on one instance; past it GET /api/events answers 503. */
  maxEventStreams: number;
  /** Seconds between `: keep-alive` comments on an idle event stream (the contract: at most 25). */
  eventKeepAliveSeconds: number;
  /** Origins that count as the server's own (the dashboard). */
  publicOrigins: readonly string[];
  /** Further origins allowed to make cookie-authenticated state changes (the extension). */
  allowedOrigins: readonly string[];
  /** Express `trust proxy` value, or false to ignore X-Forwarded-For entirely. */
  trustProxy: string | false;
  /** Cookies with Secure and the __Host-/__Secure- prefixes (HTTPS deployments). */
  secureCookies: boolean;
  /** Folder of the built dashboard, or null to serve no dashboard. */
  dashboardDir: string | null;
  passwordHashCost: PasswordHashCost;
  /** The `iss` of access tokens. */
  issuer: string;
  /** The `aud` of access tokens, required when they are verified. */
  accessTokenAudience: string;
  /**
   * Where a host application mounts our routes (`app.use('/sc', sc.router())`): '' at the root,
   * else a path like `/sc`. The refresh cookie's Path follows it.
   */
  basePath: string;
  /** PostgreSQL: strict checks answered from a per-instance cache under leases (docs/revocation.md). */
  postgresSessionCache: 'lease' | 'off';
  /** PostgreSQL: how long an instance's lease lasts; a revoke waits at most this for a silent instance. */
  sessionLeaseMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}".`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}.`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}".`);
  }
  return raw as T;
}

/** Parses an exact origin (scheme://host[:port]) and returns its canonical form. */
export function parseOrigin(raw: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${variable} has "${raw}", which is not an origin like https://example.com.`);
  }
  const extension = url.protocol === 'chrome-extension:' || url.protocol === 'moz-extension:';
  if (!['http:', 'https:'].includes(url.protocol) && !extension) {
    throw new ConfigError(`${variable} has "${raw}": only http, https and extension origins are allowed.`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new ConfigError(`${variable} has "${raw}": an origin has no path, query, credentials or fragment.`);
  }
  return extension ? `${url.protocol}//${url.host}` : url.origin;
}

/** '' or a path of plain segments without a trailing slash, like `/sc` or `/auth/devices`. */
export function parseBasePath(raw: string | undefined, variable: string): string {
  if (raw === undefined || raw === '' || raw === '/') return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(raw) || raw.split('/').some((part) => part === '.' || part === '..')) {
    throw new ConfigError(`${variable} must be a path like /sc (no trailing slash), got "${raw}".`);
  }
  return raw;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function parseTrustProxy(raw: string | undefined): string | false {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  for (const part of raw.split(',').map((item) => item.trim())) {
    const [address] = part.split('/');
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(part);
    if (!named && (address === undefined || isIP(address) === 0)) {
      throw new ConfigError(`TRUST_PROXY has "${part}": use loopback, an IP address or a CIDR range.`);
    }
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  if (isIP(host) === 0 && host !== 'localhost')
    throw new ConfigError(`HOST must be an IP address or localhost, got "${host}".`);
  const databaseUrl = env.DATABASE_URL || 'sqlite:data/session-control.db';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://…');
  }
  const accessTokenTtlSeconds = integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 1, 86_400);
  // Access tokens never outlive their session, so a refresh TTL shorter than the access TTL is
  // allowed: it just caps the tokens.
  const refreshTokenTtlSeconds = integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 2_592_000, 1, 315_360_000);
  const sessionMaxLifetimeSeconds = integer(
    env,
    'SESSION_MAX_LIFETIME_SECONDS',
    Math.max(7_776_000, refreshTokenTtlSeconds),
    1,
    315_360_000,
  );
  if (sessionMaxLifetimeSeconds < refreshTokenTtlSeconds) {
    throw new ConfigError('SESSION_MAX_LIFETIME_SECONDS must be at least REFRESH_TOKEN_TTL_SECONDS.');
  }

  const displayHost = host.includes(':') ? `[${host}]` : host;
  let publicOrigins: string[];
  if (env.PUBLIC_ORIGIN) {
    publicOrigins = [parseOrigin(env.PUBLIC_ORIGIN, 'PUBLIC_ORIGIN')];
  } else if (isLoopback(host)) {
    // On a loopback host people type either name; both are this server.
    publicOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
    if (host !== 'localhost' && host !== '127.0.0.1') publicOrigins.push(`http://${displayHost}:${port}`);
  } else {
    publicOrigins = [`http://${displayHost}:${port}`];
  }
  const allowedOrigins =
    env.ALLOWED_ORIGINS === undefined
      ? [EXTENSION_ORIGIN]
      : env.ALLOWED_ORIGINS.split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '')
          .map((item) => parseOrigin(item, 'ALLOWED_ORIGINS'));

  const primaryOrigin = publicOrigins[0] ?? `http://${displayHost}:${port}`;
  const secureDefault = primaryOrigin.startsWith('https:') ? 'true' : 'false';
  const secureCookies = oneOf(env, 'COOKIE_SECURE', secureDefault, ['true', 'false']) === 'true';

  return {
    port,
    host,
    databaseUrl,
    revocationMode: oneOf(env, 'REVOCATION_MODE', 'strict', ['strict', 'stateless']),
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    sessionMaxLifetimeSeconds,
    refreshGraceSeconds: integer(env, 'REFRESH_GRACE_SECONDS', 10, 0, 60),
    // The contract: a sign-in under 5 minutes old always counts as recent.
    reauthMaxAgeSeconds: integer(env, 'REAUTH_MAX_AGE_SECONDS', 300, 300, 86_400),
    maxSessionsPerUser: integer(env, 'MAX_SESSIONS_PER_USER', 100, 1, 100_000),
    sessionHistoryDays: integer(env, 'SESSION_HISTORY_DAYS', 30, 0, 3_650),
    maxEventStreamsPerUser: integer(env, 'MAX_EVENT_STREAMS_PER_USER', 20, 1, 1_000),
    maxEventStreams: integer(env, 'MAX_EVENT_STREAMS', 10_000, 1, 1_000_000),
    eventKeepAliveSeconds: integer(env, 'EVENT_KEEP_ALIVE_SECONDS', 20, 1, 25),
    publicOrigins,
    allowedOrigins,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    secureCookies,
    dashboardDir: env.DASHBOARD_DIR === '' ? null : (env.DASHBOARD_DIR ?? 'dist/dashboard'),
    passwordHashCost: oneOf(env, 'PASSWORD_HASH_COST', 'default', ['default', 'test']),
    issuer: primaryOrigin,
    accessTokenAudience: env.ACCESS_TOKEN_AUDIENCE || 'session-control',
    // Set by the library (server/index.ts basePath); the standalone server serves at the root.
    basePath: '',
    postgresSessionCache: oneOf(env, 'POSTGRES_SESSION_CACHE', 'lease', ['lease', 'off']),
    sessionLeaseMs: integer(env, 'SESSION_LEASE_MS', 3_000, 500, 60_000),
  };
}
