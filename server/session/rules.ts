/**
 * The session rules, each written once: what "live" means, who may act on a session, when a
 * sign-in is recent enough, what a presented refresh token means, and when the store is asked.
 * Pure functions of records, claims, configuration and the time.
 */
import type { Config } from '../config.ts';
import type { AccessClaims } from './access-token.ts';
import type { SessionRecord, SessionWithUser } from './records.ts';

/**
 * A session that has not ended is live until its idle expiry. Expiry never passes the absolute
 * lifetime (createSession and slidExpiry cap it), so this one comparison is the whole rule; the
 * stores say the same in SQL (LIVE_SESSION in server/storage/sql-store.ts), and never hand out
 * a session that has ended.
 */
export function isLive(session: Pick<SessionRecord, 'expiresAt'>, now: number): boolean {
  return session.expiresAt > now;
}

/** The expiry a refresh slides a session to: the idle lifetime from now, never past its absolute end. */
export function slidExpiry(now: number, idleTtlMs: number, absoluteExpiresAt: number): number {
  return Math.min(now + idleTtlMs, absoluteExpiresAt);
}

/**
 * A person acts only on their own live sessions of the tenant they are signed in to: another
 * user's session, or their own in another tenant (which `?tenant=all` may list), is treated
 * exactly like one that does not exist.
 */
export function isCallersSession(
  claims: Pick<AccessClaims, 'sub' | 'tid'>,
  session: SessionRecord,
  now: number,
): boolean {
  return session.userId === claims.sub && session.tenantId === claims.tid && isLive(session, now);
}

/** A sign-in or re-authentication counts as recent for REAUTH_MAX_AGE_SECONDS (ASVS 7.5.2). */
export function isRecentlyAuthenticated(config: Config, session: SessionRecord, now: number): boolean {
  return now - session.authenticatedAt < config.reauthMaxAgeSeconds * 1000;
}

/**
 * Strict mode looks every request's session up, which is what makes a revocation take effect on
 * the very next request; stateless mode trusts the access token until it expires. A host may
 * choose per route (verifySession({ checkDatabase })).
 */
export function checksStore(config: Config, override?: boolean): boolean {
  return override ?? config.revocationMode === 'strict';
}

/** What the store says about a verified token's session: it must be the same, live and its user enabled. */
export function storedSessionHonours(
  record: SessionWithUser | null,
  claims: AccessClaims,
  now: number,
): record is SessionWithUser {
  return (
    record !== null &&
    record.session.userId === claims.sub &&
    record.session.tenantId === claims.tid &&
    isLive(record.session, now) &&
    record.user.disabledAt === null
  );
}

/** Ended sessions are kept for the history while they ended after this (SESSION_HISTORY_DAYS). */
export function historyKeptSince(config: Config, now: number): number {
  return now - config.sessionHistoryDays * 86_400_000;
}

export type RefreshDecision = 'rotate' | 'concurrent' | 'theft' | 'invalid';

/**
 * The one rule for a presented refresh token. Every store calls it inside its transaction, with
 * the session row locked, and carries out what it says, so SQLite and PostgreSQL cannot disagree.
 */
export function decideRefresh(
  session: SessionRecord | null,
  presentedGeneration: number,
  now: number,
  graceMs: number,
): RefreshDecision {
  if (session === null || !isLive(session, now)) return 'invalid';
  if (presentedGeneration === session.refreshGeneration) return 'rotate';
  // The token just before the current one, while its successor has not been used and the
  // rotation is seconds old: another tab refreshed at the same moment. Anything older is a
  // token that was already exchanged coming back, which is how a stolen token shows itself.
  if (presentedGeneration === session.refreshGeneration - 1 && now - session.rotatedAt <= graceMs) {
    return 'concurrent';
  }
  return 'theft';
}
