/**
 * Creating, refreshing, checking and revoking sessions: functions of an explicit
 * SessionContext, holding no state of their own.
 */
import type { ClientKind } from '../../shared/schemas.ts';
import type { DeviceRecord, SessionFilter, SessionRecord, SessionWithUser } from '../storage/store.ts';
import type { AccessClaims } from './access-token.ts';
import { signAccessToken } from './access-token.ts';
import type { SessionContext } from './context.ts';
import { hashToken, isRefreshTokenShape, newRefreshToken, newSessionId } from './secrets.ts';

/** How many rotated-out refresh generations are remembered so that their reuse reads as theft. */
export const REMEMBERED_REFRESH_GENERATIONS = 64;

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken: string;
}

export interface IssuedSession {
  session: SessionRecord;
  tokens: IssuedTokens;
}

export interface NewSessionInput {
  userId: string;
  tenantId: string;
  device: DeviceRecord;
  ip: string | null;
  client: ClientKind;
}

async function issueAccessToken(ctx: SessionContext, session: SessionRecord, now: number) {
  return signAccessToken(
    ctx.keys,
    { issuer: ctx.config.issuer, audience: ctx.config.accessTokenAudience, ttlSeconds: ctx.config.accessTokenTtlSeconds },
    { userId: session.userId, sessionId: session.id, tenantId: session.tenantId },
    now,
    session.expiresAt,
  );
}

/** Creates a session for a user who just proved who they are, and its first tokens. */
export async function createSession(ctx: SessionContext, input: NewSessionInput): Promise<IssuedSession> {
  const now = ctx.clock();
  const absoluteExpiresAt = now + ctx.config.sessionMaxLifetimeSeconds * 1000;
  const session: SessionRecord = {
    id: newSessionId(),
    userId: input.userId,
    tenantId: input.tenantId,
    createdAt: now,
    lastActiveAt: now,
    expiresAt: Math.min(now + ctx.config.refreshTokenTtlSeconds * 1000, absoluteExpiresAt),
    absoluteExpiresAt,
    authenticatedAt: now,
    refreshGeneration: 0,
    rotatedAt: now,
    device: input.device,
    ip: input.ip,
    client: input.client,
  };
  const refreshToken = newRefreshToken();
  await ctx.store.insertSession(session, hashToken(refreshToken));
  const access = await issueAccessToken(ctx, session, now);
  ctx.log.info('session.created', { sessionId: session.id, userId: session.userId, tenantId: session.tenantId, client: session.client });
  await enforceSessionLimit(ctx, session);
  return { session, tokens: { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken } };
}

/** Keeps at most maxSessionsPerUser live sessions per user and tenant by ending the least recently active. */
async function enforceSessionLimit(ctx: SessionContext, session: SessionRecord): Promise<void> {
  const sessions = await ctx.store.listSessionsByUser(session.userId, ctx.clock(), { tenantId: session.tenantId });
  const excess = sessions.length - ctx.config.maxSessionsPerUser;
  if (excess <= 0) return;
  const oldest = sessions
    .filter((item) => item.id !== session.id)
    .sort((a, b) => a.lastActiveAt - b.lastActiveAt)
    .slice(0, excess)
    .map((item) => item.id);
  await revokeSessions(ctx, oldest, 'session-limit');
}

/**
 * New tokens for a session whose owner just proved who they are again (re-authentication): a
 * fresh refresh token generation and access token, so tokens from before the proof stop being the
 * current ones (ASVS 7.2.4). Null when the session is gone.
 */
export async function reissueTokens(ctx: SessionContext, session: SessionRecord): Promise<IssuedSession | null> {
  const now = ctx.clock();
  const refreshToken = newRefreshToken();
  const reissued = await ctx.store.reissueRefreshToken(session.id, hashToken(refreshToken), now, REMEMBERED_REFRESH_GENERATIONS);
  if (reissued === null) return null;
  const access = await issueAccessToken(ctx, reissued, now);
  ctx.log.info('session.tokens_reissued', { sessionId: session.id });
  return { session: reissued, tokens: { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken } };
}

export type RefreshResult =
  | { kind: 'refreshed'; session: SessionRecord; tokens: IssuedTokens }
  | { kind: 'unauthorised' }
  | { kind: 'theft'; sessionId: string };

/** Exchanges a refresh token for new tokens (see the rotation rule in refresh-decision.ts). */
export async function refreshSession(ctx: SessionContext, refreshToken: string): Promise<RefreshResult> {
  if (!isRefreshTokenShape(refreshToken)) return { kind: 'unauthorised' };
  const now = ctx.clock();
  const nextRefreshToken = newRefreshToken();
  const result = await ctx.store.exchangeRefreshToken({
    presentedHash: hashToken(refreshToken),
    nextHash: hashToken(nextRefreshToken),
    now,
    graceMs: ctx.config.refreshGraceSeconds * 1000,
    idleTtlMs: ctx.config.refreshTokenTtlSeconds * 1000,
    keepGenerations: REMEMBERED_REFRESH_GENERATIONS,
  });
  if (result.outcome === 'invalid') return { kind: 'unauthorised' };
  if (result.outcome === 'theft') {
    ctx.activity.forget(result.sessionId);
    ctx.log.warn('session.theft_detected', { sessionId: result.sessionId, userId: result.userId, tenantId: result.tenantId });
    return { kind: 'theft', sessionId: result.sessionId };
  }
  // A user disabled while this session was being created must not keep it alive by refreshing.
  const user = await ctx.store.findUserById(result.session.userId);
  if (user === null || user.disabledAt !== null) {
    await revokeSessions(ctx, [result.session.id], 'user-disabled');
    return { kind: 'unauthorised' };
  }
  const access = await issueAccessToken(ctx, result.session, now);
  ctx.log.info('session.refreshed', { sessionId: result.session.id, concurrent: result.outcome === 'concurrent' });
  return {
    kind: 'refreshed',
    session: result.session,
    tokens: { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: nextRefreshToken },
  };
}

export type AccessCheck =
  | { ok: true; claims: AccessClaims; record: SessionWithUser | null }
  | { ok: false; code: 'TRY_REFRESH_TOKEN' | 'UNAUTHORISED' };

/**
 * Checks an access token. With `checkDatabase` (strict mode) the session must still exist in the
 * store: this is what makes a revocation take effect on the very next request.
 */
export async function checkAccessToken(
  ctx: SessionContext,
  token: string,
  options: { checkDatabase: boolean; ip: () => string | null },
): Promise<AccessCheck> {
  const now = ctx.clock();
  const check = await ctx.verifier.check(token, now);
  if (!check.ok) {
    if (check.reason === 'invalid') return { ok: false, code: 'UNAUTHORISED' };
    // Strict mode promises UNAUTHORISED for a revoked session's token, expired or not: only a
    // session that still exists is told to refresh.
    if (options.checkDatabase && (await ctx.store.findSessionById(check.claims.sid)) === null) return { ok: false, code: 'UNAUTHORISED' };
    return { ok: false, code: 'TRY_REFRESH_TOKEN' };
  }
  if (!options.checkDatabase) {
    // Nothing was read, but "last active" is still kept, at most once a minute per session.
    if (ctx.activity.shouldWrite(check.claims.sid, null, now)) await ctx.store.touchSession(check.claims.sid, now, options.ip());
    return { ok: true, claims: check.claims, record: null };
  }
  const record = await ctx.store.findSessionWithUser(check.claims.sid);
  if (
    record === null ||
    record.session.userId !== check.claims.sub ||
    record.session.tenantId !== check.claims.tid ||
    record.session.expiresAt <= now ||
    record.user.disabledAt !== null
  ) {
    return { ok: false, code: 'UNAUTHORISED' };
  }
  await recordActivity(ctx, record.session, options.ip, now);
  return { ok: true, claims: check.claims, record };
}

/** Writes "last active" (and the IP, worked out only then) when the throttle allows. */
export async function recordActivity(ctx: SessionContext, session: SessionRecord, ipOf: () => string | null, now: number): Promise<void> {
  if (!ctx.activity.shouldWrite(session.id, session.lastActiveAt, now)) return;
  const ip = ipOf();
  session.lastActiveAt = now;
  if (ip !== null) session.ip = ip;
  await ctx.store.touchSession(session.id, now, ip);
}

/** Revokes sessions by id; returns the ids that existed. */
export async function revokeSessions(ctx: SessionContext, ids: readonly string[], reason: string): Promise<string[]> {
  const deleted = await ctx.store.deleteSessionsByIds(ids);
  for (const sessionId of deleted) {
    ctx.activity.forget(sessionId);
    ctx.log.info('session.revoked', { sessionId, reason });
  }
  return deleted;
}

/** Revokes a user's sessions (every tenant unless one is named). */
export async function revokeSessionsOfUser(ctx: SessionContext, userId: string, filter: SessionFilter, reason: string): Promise<string[]> {
  const deleted = await ctx.store.deleteSessionsByUser(userId, filter);
  for (const sessionId of deleted) {
    ctx.activity.forget(sessionId);
    ctx.log.info('session.revoked', { sessionId, userId, reason });
  }
  return deleted;
}

/** A session counts as freshly authenticated for this long after sign-in or re-authentication. */
export function isRecentlyAuthenticated(ctx: SessionContext, session: SessionRecord): boolean {
  return ctx.clock() - session.authenticatedAt < ctx.config.reauthMaxAgeSeconds * 1000;
}

