/**
 * A session's life: created at sign-in, its refresh token rotated, its tokens reissued after a
 * re-authentication. Functions of an explicit SessionContext, holding no state of their own.
 */
import type { ClientKind } from '../../shared/schemas.ts';
import { signAccessToken } from './access-token.ts';
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import type { DeviceRecord, SessionRecord } from './records.ts';
import { countryCodeOf } from './places.ts';
import { toPublicSession } from './public-session.ts';
import { endSessions, sessionsEnded } from './revocation.ts';
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
  /** Sign-up and sign-in only: the device secret for the client to keep (cookie or `deviceToken`). */
  deviceToken?: string;
}

/** Where a new session is being created: the device, address and kind of client. */
export interface DeviceFacts {
  device: DeviceRecord;
  ip: string | null;
  client: ClientKind;
}

export interface NewSessionInput extends DeviceFacts {
  userId: string;
  tenantId: string;
  /** The known device it begins on (known-devices.ts); none for sessions made by operators. */
  knownDevice?: { deviceId: string | null; newDevice: boolean; label: string | null };
}

async function issueAccessToken(ctx: SessionContext, session: SessionRecord, now: number) {
  return signAccessToken(
    ctx.keys,
    {
      issuer: ctx.config.issuer,
      audience: ctx.config.accessTokenAudience,
      ttlSeconds: ctx.config.accessTokenTtlSeconds,
    },
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
    device: { ...input.device, label: input.knownDevice?.label ?? input.device.label },
    ip: input.ip,
    client: input.client,
    deviceId: input.knownDevice?.deviceId ?? null,
    newDevice: input.knownDevice?.newDevice ?? false,
    countryCode: countryCodeOf(input.ip),
  };
  const refreshToken = newRefreshToken();
  await ctx.store.insertSession(session, hashToken(refreshToken));
  const access = await issueAccessToken(ctx, session, now);
  ctx.log.info('session.created', {
    sessionId: session.id,
    userId: session.userId,
    tenantId: session.tenantId,
    client: session.client,
  });
  await ctx.events.publishSignedIn({ userId: session.userId, tenantId: session.tenantId, sessionId: session.id });
  if (session.newDevice) await announceNewDevice(ctx, session);
  await enforceSessionLimit(ctx, session);
  return { session, tokens: { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken } };
}

/** "Was this you?": the user's other streams hear of a sign-in from a new device, and whether its country is new. */
async function announceNewDevice(ctx: SessionContext, session: SessionRecord): Promise<void> {
  const { countryCode } = session;
  const newCountry =
    countryCode === null
      ? undefined
      : !(await ctx.store.hasSessionFromCountry(session.userId, countryCode, session.id));
  ctx.log.info('session.new_device', { sessionId: session.id, userId: session.userId, deviceId: session.deviceId });
  await ctx.events.publishNewSignIn({
    userId: session.userId,
    tenantId: session.tenantId,
    session: toPublicSession(session, null),
    ...(newCountry === undefined ? {} : { newCountry }),
  });
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
  await endSessions(ctx, { ids: oldest }, 'session-limit');
}

/**
 * New tokens for a session whose owner just proved who they are again (re-authentication): a
 * fresh refresh token generation and access token, so tokens from before the proof stop being the
 * current ones (ASVS 7.2.4). Null when the session is gone.
 */
export async function reissueTokens(ctx: SessionContext, sessionId: string): Promise<IssuedSession | null> {
  const now = ctx.clock();
  const refreshToken = newRefreshToken();
  const reissued = await ctx.store.reissueRefreshToken(
    sessionId,
    hashToken(refreshToken),
    now,
    REMEMBERED_REFRESH_GENERATIONS,
  );
  if (reissued === null) return null;
  const access = await issueAccessToken(ctx, reissued, now);
  ctx.log.info('session.tokens_reissued', { sessionId });
  return {
    session: reissued,
    tokens: { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken },
  };
}

/**
 * Exchanges a refresh token for new tokens (the rotation rule is decideRefresh in rules.ts).
 * Fails with `session-ended` for an unknown token or an ended session, `token-theft` when a
 * rotated-out token came back (the session is then ended).
 */
export async function refreshSession(
  ctx: SessionContext,
  refreshToken: string | undefined,
): Promise<Result<IssuedSession>> {
  if (refreshToken === undefined || !isRefreshTokenShape(refreshToken)) return fail('session-ended');
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
  if (result.outcome === 'invalid') return fail('session-ended');
  if (result.outcome === 'theft') {
    const { ended } = result;
    ctx.log.warn('session.theft_detected', { sessionId: ended.id, userId: ended.userId, tenantId: ended.tenantId });
    const end = { at: now, reason: 'theft_detected', bySessionId: null, byDeviceName: null } as const;
    await sessionsEnded(ctx, [ended], 'token-theft', () => end);
    return fail('token-theft');
  }
  // A user disabled while this session was being created must not keep it alive by refreshing.
  const user = await ctx.store.findUserById(result.session.userId);
  if (user === null || user.disabledAt !== null) {
    await endSessions(ctx, { ids: [result.session.id] }, 'user-disabled');
    return fail('session-ended');
  }
  const access = await issueAccessToken(ctx, result.session, now);
  ctx.log.info('session.refreshed', { sessionId: result.session.id, concurrent: result.outcome === 'concurrent' });
  return succeed({
    session: result.session,
    tokens: { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: nextRefreshToken },
  });
}
