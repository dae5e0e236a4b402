/**
 * The one place a stored session becomes a response body. Only the listed fields leave: no
 * token, hash, user agent string or refresh state can be serialised by accident.
 */
import type { PublicSession, User } from '../../shared/schemas.ts';
import type { SessionRecord, UserRecord } from '../storage/store.ts';

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
  };
}

export function toPublicUser(user: UserRecord): User {
  return { id: user.id, email: user.email };
}

/** Current session first, then the most recently active. */
export function sortSessions(sessions: PublicSession[]): PublicSession[] {
  return [...sessions].sort((a, b) => {
    if (a.current !== b.current) return a.current ? -1 : 1;
    return b.lastActiveAt.localeCompare(a.lastActiveAt) || a.id.localeCompare(b.id);
  });
}
