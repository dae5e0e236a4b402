/**
 * The persistence boundary. Every engine (SQLite, PostgreSQL) implements this interface and
 * passes the one contract suite in store-contract.ts. Methods are named by intent; times are
 * epoch milliseconds; nothing here ever sees a raw token, only SHA-256 hashes of them.
 */
import type { ClientKind, DeviceType } from '../../shared/schemas.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface TenantRecord {
  id: string;
  createdAt: number;
}

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: number;
  /** Set when an operator disabled the account; a disabled user cannot sign in. */
  disabledAt: number | null;
}

export interface DeviceRecord {
  /** The sanitised, length-capped User-Agent header, kept for re-parsing later. */
  userAgent: string | null;
  name: string;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  type: DeviceType;
  label: string | null;
}

export interface SessionRecord {
  /** Public id: random, ≥128 bits, never a credential. */
  id: string;
  userId: string;
  tenantId: string;
  createdAt: number;
  lastActiveAt: number;
  /** Idle expiry: slid forward by each refresh, never past absoluteExpiresAt. */
  expiresAt: number;
  absoluteExpiresAt: number;
  /** Last time the person proved who they are (sign-in or re-authentication). */
  authenticatedAt: number;
  /** Generation of the current refresh token; each rotation adds one. */
  refreshGeneration: number;
  /** When the current refresh generation was issued. */
  rotatedAt: number;
  device: DeviceRecord;
  ip: string | null;
  client: ClientKind;
}

/** A session together with the user it belongs to, as the request path needs them. */
export interface SessionWithUser {
  session: SessionRecord;
  user: UserRecord;
}

export interface SigningKeyRecord {
  kid: string;
  alg: string;
  /** JWK JSON of the private key. */
  privateJwk: string;
  /** JWK JSON of the public key. */
  publicJwk: string;
  createdAt: number;
}

export interface RefreshExchangeInput {
  /** SHA-256 (hex) of the refresh token presented. */
  presentedHash: string;
  /** SHA-256 (hex) of the refresh token that will be handed out if the exchange succeeds. */
  nextHash: string;
  now: number;
  /** How long a rotated-out token may still be exchanged while its successor is unused. */
  graceMs: number;
  /** Idle lifetime the refresh slides the session's expiry by. */
  idleTtlMs: number;
  /** How many rotated-out generations to keep so their reuse is recognised as theft. */
  keepGenerations: number;
}

export type RefreshExchangeResult =
  /** The presented token was current: the session moved to a new generation. */
  | { outcome: 'rotated'; session: SessionRecord }
  /** The presented token was rotated out moments ago and its successor is unused: a concurrent
   * refresh (two tabs). A sibling token of the current generation was issued; no fork. */
  | { outcome: 'concurrent'; session: SessionRecord }
  /** A rotated-out token came back: the session has been deleted. */
  | { outcome: 'theft'; sessionId: string; userId: string; tenantId: string }
  /** Unknown token, expired or revoked session: nothing changed. */
  | { outcome: 'invalid' };

export interface SessionFilter {
  /** Only this tenant's sessions; every tenant when absent. */
  tenantId?: string;
  /** Leave this session alone (sign out of all *other* devices). */
  exceptSessionId?: string;
}

export interface SessionStore {
  readonly kind: StoreKind;
  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  insertTenant(tenant: TenantRecord): Promise<boolean>;
  findTenant(id: string): Promise<TenantRecord | null>;
  listTenants(): Promise<TenantRecord[]>;

  /** Inserts a user and their first tenant membership; false when the email is taken. */
  insertUser(user: UserRecord, tenantId: string): Promise<boolean>;
  findUserById(id: string): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  addUserToTenant(userId: string, tenantId: string): Promise<void>;
  isUserInTenant(userId: string, tenantId: string): Promise<boolean>;
  listUserTenants(userId: string): Promise<string[]>;
  updatePasswordHash(userId: string, passwordHash: string): Promise<void>;
  setUserDisabled(userId: string, disabledAt: number | null): Promise<void>;

  /** Inserts a session with its first refresh token (generation 0). */
  insertSession(session: SessionRecord, refreshTokenHash: string): Promise<void>;
  findSessionById(id: string): Promise<SessionRecord | null>;
  /** The session and its user in one round trip; null when either is gone. */
  findSessionWithUser(id: string): Promise<SessionWithUser | null>;
  /** Live (unexpired at `now`) sessions of a user, in no particular order. */
  listSessionsByUser(userId: string, now: number, filter?: SessionFilter): Promise<SessionRecord[]>;
  /** Records activity; the caller throttles how often. */
  touchSession(id: string, lastActiveAt: number, ip: string | null): Promise<void>;
  markAuthenticated(id: string, authenticatedAt: number): Promise<void>;
  setSessionLabel(id: string, label: string | null): Promise<void>;
  /** Deletes one session; true when it existed. */
  deleteSessionById(id: string): Promise<boolean>;
  /** Deletes the sessions among `ids` that exist; returns the ids actually deleted. */
  deleteSessionsByIds(ids: readonly string[]): Promise<string[]>;
  /** Deletes a user's sessions (optionally one tenant, optionally sparing one); returns their ids. */
  deleteSessionsByUser(userId: string, filter?: SessionFilter): Promise<string[]>;
  /**
   * Gives a live session a new refresh token generation without presenting the current one (on
   * re-authentication: a fresh proof of identity gets fresh tokens). The previous token becomes
   * rotated-out, as after a refresh. Null when the session is gone or expired.
   */
  reissueRefreshToken(sessionId: string, nextHash: string, now: number, keepGenerations: number): Promise<SessionRecord | null>;
  /** Deletes every session (of one tenant, or of all); returns how many. For operators. */
  deleteAllSessions(filter?: { tenantId?: string }): Promise<number>;
  /** Rotates a refresh token atomically; see RefreshExchangeResult. */
  exchangeRefreshToken(input: RefreshExchangeInput): Promise<RefreshExchangeResult>;
  /** Deletes up to `limit` sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: number, limit: number): Promise<number>;
  /** Deletes up to `limit` rate-limit counters whose window ended by `now`; returns how many. */
  deleteExpiredRateLimits(now: number, limit: number): Promise<number>;

  listSigningKeys(): Promise<SigningKeyRecord[]>;
  insertSigningKey(key: SigningKeyRecord): Promise<void>;

  /**
   * Counts an event (a failed sign-in, a sign-up) against `key` in a fixed window and returns the
   * count in the current window with the window's end. Shared by all instances on one store.
   */
  hitRateLimit(key: string, now: number, windowMs: number): Promise<{ count: number; resetAt: number }>;
  /** The current count for `key` without adding to it. */
  peekRateLimit(key: string, now: number): Promise<{ count: number; resetAt: number }>;
  /** Takes one event back off `key` in its current window (an attempt that turned out to succeed). */
  releaseRateLimit(key: string, now: number): Promise<void>;
  /** Forgets `key` (after a successful sign-in the per-account count starts again). */
  clearRateLimit(key: string): Promise<void>;
}

/** Thrown by a store when the database cannot be reached; the HTTP layer answers 503. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
