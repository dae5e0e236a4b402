/**
 * Row shapes of every table and the one mapping function per table, shared by both engines
 * (PostgreSQL hands BIGINT columns over as strings, hence `Integer`).
 */
import type { ClientKind, DeviceType, EndReason } from '../../shared/schemas.ts';
import type {
  EndedSessionRecord,
  EndedSessionRef,
  KnownDeviceRecord,
  SessionRecord,
  SessionWithUser,
  SigningKeyRecord,
  TenantRecord,
  UserRecord,
} from '../session/records.ts';

/** An integer column as a driver returns it: a number (SQLite) or a decimal string (pg BIGINT). */
export type Integer = number | string;

export interface TenantRow {
  id: string;
  created_at: Integer;
}

export function tenantFromRow(row: TenantRow): TenantRecord {
  return { id: row.id, createdAt: Number(row.created_at) };
}

export interface RateLimitRow {
  count: Integer;
  reset_at: Integer;
}

export function rateLimitFromRow(row: RateLimitRow): { count: number; resetAt: number } {
  return { count: Number(row.count), resetAt: Number(row.reset_at) };
}

/** What a DELETE … RETURNING of sessions hands back. */
export interface EndedRow {
  id: string;
  user_id: string;
  tenant_id: string;
}

export function endedFromRow(row: EndedRow): EndedSessionRef {
  return { id: row.id, userId: row.user_id, tenantId: row.tenant_id };
}

export interface EndedSessionRow extends SessionRow {
  ended_at: Integer;
  end_reason: string;
  ended_by_session_id: string | null;
  ended_by_device_name: string | null;
}

export function endedSessionFromRow(row: EndedSessionRow): EndedSessionRecord {
  return {
    ...sessionFromRow(row),
    end: {
      at: Number(row.ended_at),
      reason: row.end_reason as EndReason,
      bySessionId: row.ended_by_session_id,
      byDeviceName: row.ended_by_device_name,
    },
  };
}

export interface SessionRow {
  id: string;
  user_id: string;
  tenant_id: string;
  created_at: Integer;
  last_active_at: Integer;
  expires_at: Integer;
  absolute_expires_at: Integer;
  authenticated_at: Integer;
  refresh_generation: Integer;
  rotated_at: Integer;
  user_agent: string | null;
  device_name: string;
  browser: string | null;
  browser_version: string | null;
  os: string | null;
  device_type: string;
  label: string | null;
  ip: string | null;
  client: string;
  device_id: string | null;
  new_device: Integer;
  country_code: string | null;
}

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: Integer;
  disabled_at: Integer | null;
}

export interface SigningKeyRow {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  created_at: Integer;
}

/** Row → domain mapping for sessions. */
export function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    tenantId: row.tenant_id,
    createdAt: Number(row.created_at),
    lastActiveAt: Number(row.last_active_at),
    expiresAt: Number(row.expires_at),
    absoluteExpiresAt: Number(row.absolute_expires_at),
    authenticatedAt: Number(row.authenticated_at),
    refreshGeneration: Number(row.refresh_generation),
    rotatedAt: Number(row.rotated_at),
    device: {
      userAgent: row.user_agent,
      name: row.device_name,
      browser: row.browser,
      browserVersion: row.browser_version,
      os: row.os,
      type: row.device_type as DeviceType,
      label: row.label,
    },
    ip: row.ip,
    client: row.client as ClientKind,
    deviceId: row.device_id,
    newDevice: Number(row.new_device) === 1,
    countryCode: row.country_code,
  };
}

/** Domain → row values for sessions, in SESSION_COLUMNS order. */
export function sessionToRowValues(session: SessionRecord): unknown[] {
  return [
    session.id,
    session.userId,
    session.tenantId,
    session.createdAt,
    session.lastActiveAt,
    session.expiresAt,
    session.absoluteExpiresAt,
    session.authenticatedAt,
    session.refreshGeneration,
    session.rotatedAt,
    session.device.userAgent,
    session.device.name,
    session.device.browser,
    session.device.browserVersion,
    session.device.os,
    session.device.type,
    session.device.label,
    session.ip,
    session.client,
    session.deviceId,
    session.newDevice ? 1 : 0,
    session.countryCode,
  ];
}

/** isLive (server/session/rules.ts) in SQL, for a session row, with `now` as its parameter. */
export const LIVE_SESSION = 'ended_at IS NULL AND expires_at > ?';

export const SESSION_COLUMNS = [
  'id',
  'user_id',
  'tenant_id',
  'created_at',
  'last_active_at',
  'expires_at',
  'absolute_expires_at',
  'authenticated_at',
  'refresh_generation',
  'rotated_at',
  'user_agent',
  'device_name',
  'browser',
  'browser_version',
  'os',
  'device_type',
  'label',
  'ip',
  'client',
  'device_id',
  'new_device',
  'country_code',
] as const;

export interface KnownDeviceRow {
  id: string;
  user_id: string;
  secret_hash: string;
  label: string | null;
  created_at: Integer;
  last_seen_at: Integer;
}

export function knownDeviceFromRow(row: KnownDeviceRow): KnownDeviceRecord {
  return {
    id: row.id,
    userId: row.user_id,
    secretHash: row.secret_hash,
    label: row.label,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
  };
}

export function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
  };
}

export function signingKeyFromRow(row: SigningKeyRow): SigningKeyRecord {
  return {
    kid: row.kid,
    alg: row.alg,
    privateJwk: row.private_jwk,
    publicJwk: row.public_jwk,
    createdAt: Number(row.created_at),
  };
}

/** The session and user columns of the request path's join, with the user's prefixed `u_`. */
export const SESSION_WITH_USER_COLUMNS = `${SESSION_COLUMNS.map((column) => `s.${column}`).join(', ')},
    u.email AS u_email, u.password_hash AS u_password_hash,
    u.created_at AS u_created_at, u.disabled_at AS u_disabled_at`;

export type SessionWithUserRow = SessionRow & {
  u_email: string;
  u_password_hash: string;
  u_created_at: Integer;
  u_disabled_at: Integer | null;
};

export function sessionWithUserFromRow(row: SessionWithUserRow): SessionWithUser {
  return {
    session: sessionFromRow(row),
    user: userFromRow({
      id: row.user_id,
      email: row.u_email,
      password_hash: row.u_password_hash,
      created_at: row.u_created_at,
      disabled_at: row.u_disabled_at,
    }),
  };
}
