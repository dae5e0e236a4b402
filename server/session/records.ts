/**
 * The core's domain records. Times are epoch milliseconds; nothing here ever holds a raw token,
 * only SHA-256 hashes of them. The stores map their rows to these (server/storage/rows.ts).
 */
import type { ClientKind, DeviceType, EndReason } from '../../shared/schemas.ts';

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
  /** Public id of the known device (devices.ts) the session began on; null for sessions made without one. */
  deviceId: string | null;
  /** Began on a device the account had not used before, and not acknowledged yet. */
  newDevice: boolean;
  /** ISO country of the address the session began from, when known (for "a new country"). */
  countryCode: string | null;
}

/** A browser profile one user signs in from, recognised by a random secret of which only the hash is kept. */
export interface KnownDeviceRecord {
  /** Public id, random (not derived from the secret); never a credential. */
  id: string;
  userId: string;
  /** SHA-256 (hex) of the device secret. */
  secretHash: string;
  label: string | null;
  createdAt: number;
  lastSeenAt: number;
}

/** A session together with the user it belongs to, as the request path needs them. */
export interface SessionWithUser {
  session: SessionRecord;
  user: UserRecord;
}

/** How a session ended: when, why, and for `ended_by_user` which session of the user did it. */
export interface SessionEnd {
  at: number;
  reason: EndReason;
  bySessionId: string | null;
  /** The device name of that session when it acted (it may be gone from the history later). */
  byDeviceName: string | null;
}

/** A session that has ended, kept for the history until SESSION_HISTORY_DAYS have passed. */
export interface EndedSessionRecord extends SessionRecord {
  end: SessionEnd;
}

/** Which session ended, and whose it was. */
export interface EndedSessionRef {
  id: string;
  userId: string;
  tenantId: string;
}

/** A session the sweeper ended as expired, at its own expiry. */
export interface ExpiredSessionRef extends EndedSessionRef {
  endedAt: number;
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

/** The tenant a sign-up or sign-in without a tenant id belongs to. */
export const DEFAULT_TENANT_ID = 'public';
