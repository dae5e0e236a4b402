/**
 * The store, written once for both engines over a Driver (driver.ts). Every method is one unit
 * of work; the multi-statement ones are atomic. What "live" means is the core's rule (isLive in
 * server/session/rules.ts: `expires_at > now`, since expiry never passes the absolute lifetime).
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
} from '../session/records.ts';
import type {
  HistoryQuery,
  RefreshExchangeInput,
  RefreshExchangeResult,
  SessionFilter,
  SessionSelector,
  Store,
  StoreKind,
} from '../session/store.ts';
import type { Driver, RunOptions, Work } from './driver.ts';
import { all, get, run } from './driver.ts';
import * as accounts from './account-work.ts';
import * as devices from './device-work.ts';
import { clearRateLimit, deleteExpiredRateLimits, hitRateLimit, releaseRateLimit } from './rate-limit-work.ts';
import { INSERT_REFRESH_TOKEN, exchangeRefreshToken, reissueRefreshToken } from './refresh-token-work.ts';
import { endExpired, endSessionsWhere, findEnded, listEnded, purgeEnded } from './session-end-work.ts';
import { LIVE_SESSION, SESSION_COLUMNS, sessionFromRow, sessionToRowValues, signingKeyFromRow } from './rows.ts';
import type { SessionRow, SigningKeyRow } from './rows.ts';

const SESSION_LIST = SESSION_COLUMNS.join(', ');
const SESSION_SELECT = `SELECT ${SESSION_LIST} FROM sessions`;

/** The request path's lookup, which each engine answers its own fast way (a cache, a batch). */
export type SessionLookup = (id: string) => Promise<SessionWithUser | null>;

/** `AND tenant_id = ? AND id <> ?` as the filter asks, with its parameters. */
function filterClause(filter: SessionFilter): { sql: string; params: string[] } {
  let sql = '';
  const params: string[] = [];
  if (filter.tenantId !== undefined) {
    sql += ' AND tenant_id = ?';
    params.push(filter.tenantId);
  }
  if (filter.exceptSessionId !== undefined) {
    sql += ' AND id <> ?';
    params.push(filter.exceptSessionId);
  }
  return { sql, params };
}

export class SqlStore implements Store {
  readonly kind: StoreKind;

  constructor(
    private readonly driver: Driver,
    private readonly lookup: SessionLookup,
  ) {
    this.kind = driver.kind;
  }

  private execute<T>(work: () => Work<T>, options?: RunOptions): Promise<T> {
    return this.driver.execute(work, options);
  }

  migrate(): Promise<void> {
    return this.driver.migrate();
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  // Tenants and users (account-work.ts)

  insertTenant(tenant: TenantRecord): Promise<boolean> {
    return this.execute(() => accounts.insertTenant(tenant));
  }

  findTenant(id: string): Promise<TenantRecord | null> {
    return this.execute(() => accounts.findTenant(id));
  }

  insertUser(user: UserRecord, tenantId: string): Promise<boolean> {
    return this.execute(() => accounts.insertUser(user, tenantId), { atomic: true });
  }

  findUserById(id: string): Promise<UserRecord | null> {
    return this.execute(() => accounts.findUser('id', id));
  }

  findUserByEmail(email: string): Promise<UserRecord | null> {
    return this.execute(() => accounts.findUser('email', email));
  }

  addUserToTenant(userId: string, tenantId: string): Promise<void> {
    return this.execute(() => accounts.addUserToTenant(userId, tenantId));
  }

  isUserInTenant(userId: string, tenantId: string): Promise<boolean> {
    return this.execute(() => accounts.isUserInTenant(userId, tenantId));
  }

  updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    return this.execute(() => accounts.updateUser(userId, 'password_hash', passwordHash));
  }

  setUserDisabled(userId: string, disabledAt: number | null): Promise<void> {
    return this.execute(() => accounts.updateUser(userId, 'disabled_at', disabledAt));
  }

  // Sessions

  insertSession(session: SessionRecord, refreshTokenHash: string): Promise<void> {
    const placeholders = SESSION_COLUMNS.map(() => '?').join(', ');
    return this.execute(
      function* () {
        yield* run(`INSERT INTO sessions (${SESSION_LIST}) VALUES (${placeholders})`, ...sessionToRowValues(session));
        yield* run(INSERT_REFRESH_TOKEN, refreshTokenHash, session.id, session.refreshGeneration, session.rotatedAt);
      },
      { atomic: true },
    );
  }

  findSessionById(id: string): Promise<SessionRecord | null> {
    return this.execute(function* () {
      const row = yield* get<SessionRow>(`${SESSION_SELECT} WHERE id = ? AND ended_at IS NULL`, id);
      return row === undefined ? null : sessionFromRow(row);
    });
  }

  findSessionWithUser(id: string): Promise<SessionWithUser | null> {
    return this.lookup(id);
  }

  listSessionsByUser(userId: string, now: number, filter: SessionFilter = {}): Promise<SessionRecord[]> {
    const { sql, params } = filterClause(filter);
    return this.execute(function* () {
      const rows = yield* all<SessionRow>(
        `${SESSION_SELECT} WHERE user_id = ? AND ${LIVE_SESSION}${sql}`,
        userId,
        now,
        ...params,
      );
      return rows.map(sessionFromRow);
    });
  }

  touchSession(id: string, lastActiveAt: number, ip: string | null): Promise<void> {
    const lastActive = this.driver.dialect.greatest('last_active_at', '?');
    return this.execute(function* () {
      yield* run(
        `UPDATE sessions SET last_active_at = ${lastActive}, ip = COALESCE(?, ip) WHERE id = ?`,
        lastActiveAt,
        ip,
        id,
      );
    });
  }

  markAuthenticated(id: string, authenticatedAt: number): Promise<void> {
    return this.execute(function* () {
      yield* run('UPDATE sessions SET authenticated_at = ? WHERE id = ?', authenticatedAt, id);
    });
  }

  endSessions(selector: SessionSelector, end: SessionEnd): Promise<EndedSessionRef[]> {
    const { dialect } = this.driver;
    let where: string;
    let params: unknown[];
    if ('ids' in selector) {
      where = `id IN ${dialect.inList}`;
      params = [dialect.listParam([...new Set(selector.ids)])];
    } else if ('everyone' in selector) {
      where = selector.tenantId === undefined ? '1 = 1' : 'tenant_id = ?';
      params = selector.tenantId === undefined ? [] : [selector.tenantId];
    } else {
      const filter = filterClause(selector);
      where = `user_id = ?${filter.sql}`;
      params = [selector.userId, ...filter.params];
    }
    return this.execute(() => endSessionsWhere(dialect, where, params, end), { atomic: true });
  }

  endExpiredSessions(now: number, limit: number): Promise<ExpiredSessionRef[]> {
    const { dialect } = this.driver;
    // Nothing is promised by ending what already ran out: a lost sweep is done again by the next.
    return this.execute(() => endExpired(dialect, now, limit), { atomic: true, durable: false });
  }

  findEndedSessions(ids: readonly string[]): Promise<EndedSessionRecord[]> {
    const { dialect } = this.driver;
    return this.execute(() => findEnded(dialect, ids));
  }

  listEndedSessions(query: HistoryQuery): Promise<EndedSessionRecord[]> {
    return this.execute(() => listEnded(query));
  }

  purgeEndedSessions(endedBy: number, limit: number): Promise<number> {
    const { dialect } = this.driver;
    return this.execute(() => purgeEnded(dialect, endedBy, limit), { durable: false });
  }

  // Known devices (device-work.ts)

  findKnownDevice(userId: string, secretHash: string): Promise<KnownDeviceRecord | null> {
    return this.execute(() => devices.findKnownDevice(userId, secretHash));
  }

  userHasKnownDevice(userId: string): Promise<boolean> {
    return this.execute(() => devices.userHasKnownDevice(userId));
  }

  insertKnownDevice(device: KnownDeviceRecord, keepPerUser: number): Promise<void> {
    return this.execute(() => devices.insertKnownDevice(device, keepPerUser), { atomic: true });
  }

  touchKnownDevice(id: string, lastSeenAt: number): Promise<void> {
    return this.execute(() => devices.touchKnownDevice(id, lastSeenAt));
  }

  labelDevice(sessionId: string, deviceId: string | null, label: string | null): Promise<void> {
    return this.execute(() => devices.labelDevice(sessionId, deviceId, label), { atomic: true });
  }

  acknowledgeSession(id: string): Promise<void> {
    return this.execute(() => devices.acknowledgeSession(id));
  }

  hasSessionFromCountry(userId: string, countryCode: string, exceptSessionId: string): Promise<boolean> {
    return this.execute(() => devices.hasSessionFromCountry(userId, countryCode, exceptSessionId));
  }

  // Refresh tokens

  exchangeRefreshToken(input: RefreshExchangeInput): Promise<RefreshExchangeResult> {
    const { dialect } = this.driver;
    return this.execute(() => exchangeRefreshToken(dialect, input), { atomic: true });
  }

  reissueRefreshToken(
    sessionId: string,
    nextHash: string,
    now: number,
    keepGenerations: number,
  ): Promise<SessionRecord | null> {
    return this.execute(() => reissueRefreshToken(sessionId, nextHash, now, keepGenerations), { atomic: true });
  }

  // Signing keys

  listSigningKeys(): Promise<SigningKeyRecord[]> {
    return this.execute(function* () {
      return (yield* all<SigningKeyRow>('SELECT * FROM signing_keys ORDER BY created_at, kid')).map(signingKeyFromRow);
    });
  }

  insertSigningKey(key: SigningKeyRecord): Promise<void> {
    return this.execute(function* () {
      yield* run(
        'INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?, ?)',
        key.kid,
        key.alg,
        key.privateJwk,
        key.publicJwk,
        key.createdAt,
      );
    });
  }

  // Rate limits (rate-limit-work.ts)

  hitRateLimit(key: string, now: number, windowMs: number): Promise<{ count: number; resetAt: number }> {
    return this.execute(() => hitRateLimit(key, now, windowMs));
  }

  releaseRateLimit(key: string, now: number): Promise<void> {
    return this.execute(() => releaseRateLimit(key, now));
  }

  clearRateLimit(key: string): Promise<void> {
    return this.execute(() => clearRateLimit(key));
  }

  deleteExpiredRateLimits(now: number, limit: number): Promise<number> {
    const { dialect } = this.driver;
    return this.execute(() => deleteExpiredRateLimits(dialect, now, limit), { durable: false });
  }
}
