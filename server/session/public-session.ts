/**
 * The one place a stored session becomes a response body. Only the listed fields leave: no
 * token, hash, user agent string or refresh state can be serialised by accident.
 */
import type { EndedSession, PublicSession, User } from '../../shared/schemas.ts';
import type { AccessClaims } from './access-token.ts';
import { locate } from './places.ts';
import type { EndedSessionRecord, SessionRecord, UserRecord } from './records.ts';

export function toPublicSession(session: SessionRecord, currentSessionId: string | null): PublicSession {
  return {
    id: session.id,
    current: session.id === currentSessionId,
    tenantId: session.tenantId,
    createdAt: new Date(session.createdAt).toISOString(),
    lastActiveAt: new Date(session.lastActiveAt).toISOString(),
    expiresAt: new Date(session.expiresAt).toISOString(),
    device: {
      name: session.device.name,
      browser: session.device.browser,
      browserVersion: session.device.browserVersion,
      os: session.device.os,
      type: session.device.type,
      label: session.device.label,
    },
    ip: session.ip,
    client: session.client,
    deviceId: session.deviceId,
    location: locate(session.ip),
    newDevice: session.newDevice,
  };
}

export function toPublicUser(user: UserRecord): User {
  return { id: user.id, email: user.email };
}

/** A session known only from its access token (stateless mode, after the stored one was revoked). */
export function tokenOnlySession(claims: AccessClaims, mode: 'header' | 'cookie'): PublicSession {
  const issuedAt = new Date(claims.iat * 1000).toISOString();
  return {
    id: claims.sid,
    current: true,
    tenantId: claims.tid,
    createdAt: issuedAt,
    lastActiveAt: issuedAt,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    device: { name: 'Unknown device', browser: null, browserVersion: null, os: null, type: 'unknown', label: null },
    ip: null,
    client: mode === 'header' ? 'api' : 'web',
    deviceId: null,
    location: null,
    newDevice: false,
  };
}

/** An ended session as the history shows it. */
export function toEndedSession(session: EndedSessionRecord): EndedSession {
  const visible = toPublicSession(session, null);
  const { end } = session;
  return {
    id: session.id,
    tenantId: session.tenantId,
    deviceId: visible.deviceId,
    createdAt: visible.createdAt,
    lastActiveAt: visible.lastActiveAt,
    endedAt: new Date(end.at).toISOString(),
    endReason: end.reason,
    endedBy: end.reason === 'ended_by_user' ? { sessionId: end.bySessionId, deviceName: end.byDeviceName } : null,
    device: visible.device,
    ip: visible.ip,
    location: visible.location,
    client: visible.client,
  };
}
