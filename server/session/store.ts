/**
 * The persistence port: what the core needs from a store, grouped by concern. Every engine
 * (server/storage/sqlite.ts, postgres.ts) implements `Store` and passes the one contract suite
 * (server/testing/store-contract/). Methods are named by intent; times are epoch milliseconds;
 * a store never sees a raw token, only SHA-256 hashes. A store hands out fresh objects: callers
 * may keep what they get, and the core never changes a record it was given.
 */
import type {
  EndedSessionRecord,
  EndedSessionRef,
  ExpiredSessionRef,
  KnownDeviceRecord,
  SessionEnd,
  SessionRecord,
  SessionWithUser,
  SigningKeyRecord,
  TenantRecord,
  UserRecord,
} from './records.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface TenantStore {
  /** False when the tenant exists already. */
  insertTenant(tenant: TenantRecord): Promise<boolean>;
  findTenant(id: string): Promise<TenantRecord | null>;
}

export interface UserStore {
  /** Inserts a user and their first tenant membership; false when the email is taken. */
  insertUser(user: UserRecord, tenantId: string): Promise<boolean>;
  findUserById(id: string): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  addUserToTenant(userId: string, tenantId: string): Promise<void>;
  isUserInTenant(userId: string, tenantId: string): Promise<boolean>;
  updatePasswordHash(userId: string, passwordHash: string): Promise<void>;
  setUserDisabled(userId: string, disabledAt: number | null): Promise<void>;
}

export interface SessionFilter {
  /** Only this tenant's sessions; every tenant when absent. */
  tenantId?: string;
  /** Leave this session alone (sign out of all *other* devices). */
  exceptSessionId?: string;
}

/** Which sessions to end: some by id, a user's (optionally filtered), or everybody's. */
export type SessionSelector =
  | { ids: readonly string[] }
  | ({ userId: string } & SessionFilter)
  | { everyone: true; tenantId?: string };

/** Where a page of the history starts: after this ended session (newest first). */
export interface HistoryPosition {
  endedAt: number;
  id: string;
}

export interface HistoryQuery {
  userId: string;
  tenantId: string;
  /** Only sessions that ended after this time (the history's retention). */
  endedAfter: number;
  /** Only sessions that come after this one, newest first. */
  before?: HistoryPosition;
  limit: number;
}

/**
 * The sessions of the store are live until they end; an ended session is kept, with how it ended,
 * for the history, and is never handed out by the lookups below again (nor can it come back).
 */
export interface SessionTable {
  /** Inserts a session with its first refresh token (generation 0). */
  insertSession(session: SessionRecord, refreshTokenHash: string): Promise<void>;
  /** A session that has not ended (it may have expired), or null. */
  findSessionById(id: string): Promise<SessionRecord | null>;
  /**
   * The request path's lookup: the session and its user in one read; null when either is gone.
   * It sees every change that returned before it was called, on any instance.
   */
  findSessionWithUser(id: string): Promise<SessionWithUser | null>;
  /** Live sessions (see isLive in rules.ts) of a user at `now`, in no particular order. */
  listSessionsByUser(userId: string, now: number, filter?: SessionFilter): Promise<SessionRecord[]>;
  /** Records activity; the caller throttles how often. */
  touchSession(id: string, lastActiveAt: number, ip: string | null): Promise<void>;
  markAuthenticated(id: string, authenticatedAt: number): Promise<void>;
  /**
   * Ends the selected sessions that have not ended yet, recording `end`, and forgets their refresh
   * tokens; returns them. Atomic.
   */
  endSessions(selector: SessionSelector, end: SessionEnd): Promise<EndedSessionRef[]>;
  /** Ends up to `limit` sessions whose lifetime ran out by `now`, as `expired` at that time; returns them. */
  endExpiredSessions(now: number, limit: number): Promise<ExpiredSessionRef[]>;
  /** Those of `ids` that have ended, with how (the event streams' backstop). */
  findEndedSessions(ids: readonly string[]): Promise<EndedSessionRecord[]>;
  /** A user's ended sessions in one tenant, newest first, one page. */
  listEndedSessions(query: HistoryQuery): Promise<EndedSessionRecord[]>;
  /** Deletes up to `limit` ended sessions that ended at or before `endedBy`; returns how many. */
  purgeEndedSessions(endedBy: number, limit: number): Promise<number>;
}

/** Known devices (issue 12): one user's browser profiles, found by the hash of their secret. */
export interface DeviceStore {
  /** The user's device with this secret hash, or null (another user's device is never found). */
  findKnownDevice(userId: string, secretHash: string): Promise<KnownDeviceRecord | null>;
  /** Whether the user has any known device (an account with none has nothing to compare a sign-in with). */
  userHasKnownDevice(userId: string): Promise<boolean>;
  /** Inserts a device and forgets the user's least recently seen ones beyond `keepPerUser`. Atomic. */
  insertKnownDevice(device: KnownDeviceRecord, keepPerUser: number): Promise<void>;
  /** Records a sign-in from the device. */
  touchKnownDevice(id: string, lastSeenAt: number): Promise<void>;
  /**
   * Names a device: the device row and every session on it, live or ended, so the name shows
   * everywhere; a session with no device (null) is named alone. Atomic.
   */
  labelDevice(sessionId: string, deviceId: string | null, label: string | null): Promise<void>;
  /** The session's `newDevice` becomes false ("it was me"). */
  acknowledgeSession(id: string): Promise<void>;
  /** Whether any other session of the user, live or still in the history, began in this country. */
  hasSessionFromCountry(userId: string, countryCode: string, exceptSessionId: string): Promise<boolean>;
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
  /** A rotated-out refresh token came back: the session has been ended (`theft_detected`). */
  | { outcome: 'theft'; ended: EndedSessionRef }
  /** Unknown token, expired or revoked session: nothing changed. */
  | { outcome: 'invalid' };

export interface RefreshTokenStore {
  /**
   * Rotates a refresh token atomically, carrying out what `decideRefresh` (rules.ts) says for the
   * locked session row; see RefreshExchangeResult.
   */
  exchangeRefreshToken(input: RefreshExchangeInput): Promise<RefreshExchangeResult>;
  /**
   * Gives a live session a new refresh token generation without presenting the current one (on
   * re-authentication: a fresh proof of identity gets fresh tokens). The previous token becomes
   * rotated-out, as after a refresh. Null when the session is gone or no longer live.
   */
  reissueRefreshToken(
    sessionId: string,
    nextHash: string,
    now: number,
    keepGenerations: number,
  ): Promise<SessionRecord | null>;
}

export interface SigningKeyStore {
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /** Rejects when the kid exists already. */
  insertSigningKey(key: SigningKeyRecord): Promise<void>;
}

export interface RateLimitStore {
  /**
   * Counts an event (a failed sign-in, a sign-up) against `key` in a fixed window and returns the
   * count in the current window with the window's end. Shared by all instances on one store.
   */
  hitRateLimit(key: string, now: number, windowMs: number): Promise<{ count: number; resetAt: number }>;
  /** Takes one event back off `key` in its current window (an attempt that turned out to succeed). */
  releaseRateLimit(key: string, now: number): Promise<void>;
  /** Forgets `key` (after a successful sign-in the per-account count starts again). */
  clearRateLimit(key: string): Promise<void>;
  /** Deletes up to `limit` counters whose window ended by `now`; returns how many. */
  deleteExpiredRateLimits(now: number, limit: number): Promise<number>;
}

/** Everything the core keeps, as one engine implements it. */
export interface Store
  extends TenantStore,
    UserStore,
    SessionTable,
    DeviceStore,
    RefreshTokenStore,
    SigningKeyStore,
    RateLimitStore {
  readonly kind: StoreKind;
  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by a store when the database cannot be reached; the HTTP layer answers 503. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
