/**
 * What a signed-in person does with their own sessions: who am I, list them, end one, end the
 * others or all, sign out. Scoped to the caller's user and tenant (rules.ts); a session outside
 * that scope is answered exactly like one that does not exist.
 */
import { sortSessions } from '../../shared/format/device.ts';
import type { PublicSession, RevokeScope, User } from '../../shared/schemas.ts';
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import { toPublicSession, toPublicUser, tokenOnlySession } from './public-session.ts';
import type { SessionWithUser } from './records.ts';
import type { Caller } from './request-check.ts';
import type { EndedBy } from './revocation.ts';
import { endSessions } from './revocation.ts';
import { isCallersSession, isRecentlyAuthenticated } from './rules.ts';

/**
 * The caller's stored session and user. Strict mode loaded them with the request; in stateless
 * mode they are read now. `session-ended` when the session is gone or its user disabled.
 */
export async function currentRecord(ctx: SessionContext, caller: Caller): Promise<Result<SessionWithUser>> {
  const record = caller.record ?? (await ctx.store.findSessionWithUser(caller.claims.sid));
  if (record === null || record.user.disabledAt !== null || record.session.userId !== caller.claims.sub)
    return fail('session-ended');
  return succeed(record);
}

/** The caller and their session. */
export async function whoAmI(
  ctx: SessionContext,
  caller: Caller,
): Promise<Result<{ user: User; session: PublicSession }>> {
  const record = caller.record ?? (await ctx.store.findSessionWithUser(caller.claims.sid));
  if (record !== null)
    return succeed({ user: toPublicUser(record.user), session: toPublicSession(record.session, record.session.id) });
  // Stateless mode, session already revoked: the token is honoured until it expires, as the
  // mode promises, but only the token's own facts are known.
  const user = await ctx.store.findUserById(caller.claims.sub);
  if (user === null || user.disabledAt !== null) return fail('session-ended');
  return succeed({ user: toPublicUser(user), session: tokenOnlySession(caller.claims, caller.mode) });
}

/** The caller's live sessions in their tenant, or in every tenant; this one first, then the most recently active. */
export async function listMine(
  ctx: SessionContext,
  caller: Caller,
  tenants: 'current' | 'all',
): Promise<PublicSession[]> {
  const filter = tenants === 'all' ? {} : { tenantId: caller.claims.tid };
  const sessions = await ctx.store.listSessionsByUser(caller.claims.sub, ctx.clock(), filter);
  return sortSessions(sessions.map((session) => toPublicSession(session, caller.claims.sid)));
}

/**
 * Ending other devices needs a recent proof of identity (ASVS 7.5.2); the caller's session is
 * then named as the one that ended them.
 */
async function requireRecentAuthentication(ctx: SessionContext, caller: Caller): Promise<Result<EndedBy>> {
  const current = await currentRecord(ctx, caller);
  if (!current.ok) return current;
  const { session } = current.value;
  if (!isRecentlyAuthenticated(ctx.config, session, ctx.clock())) return fail('reauth-required');
  return succeed({ sessionId: session.id, deviceName: session.device.label ?? session.device.name });
}

/**
 * Ends one of the caller's sessions. Ending their own is signing out (`signedOut`: the client's
 * credentials are to be cleared too); another one needs a recent sign-in.
 */
export async function endOne(
  ctx: SessionContext,
  caller: Caller,
  sessionId: string,
): Promise<Result<{ signedOut: boolean }>> {
  if (sessionId === caller.claims.sid) {
    await endSessions(ctx, { ids: [sessionId] }, 'signed-out');
    return succeed({ signedOut: true });
  }
  const target = await ctx.store.findSessionById(sessionId);
  if (target === null || !isCallersSession(caller.claims, target, ctx.clock())) return fail('session-not-found');
  const recent = await requireRecentAuthentication(ctx, caller);
  if (!recent.ok) return recent;
  const ended = await endSessions(ctx, { ids: [sessionId] }, 'revoked-by-user', recent.value);
  return ended.length === 0 ? fail('session-not-found') : succeed({ signedOut: false });
}

/** Ends the caller's other sessions, or all of them (this one too), in their tenant; needs a recent sign-in. */
export async function endMine(
  ctx: SessionContext,
  caller: Caller,
  scope: RevokeScope,
): Promise<Result<{ revoked: number }>> {
  const recent = await requireRecentAuthentication(ctx, caller);
  if (!recent.ok) return recent;
  const { sub: userId, tid: tenantId, sid } = caller.claims;
  const cause = scope === 'others' ? 'signed-out-others' : 'signed-out-all';
  const others = await endSessions(ctx, { userId, tenantId, exceptSessionId: sid }, cause, recent.value);
  // `scope=all` signs this device out too: for it, that is signing out, not being ended by another.
  const own = scope === 'all' ? await endSessions(ctx, { ids: [sid] }, 'signed-out') : [];
  return succeed({ revoked: others.length + own.length });
}

/**
 * Signs out: ends the session an access token names. An expired (but genuine) token still names
 * it: signing out must work after a laptop wakes from sleep.
 */
export async function signOut(ctx: SessionContext, accessToken: string | undefined): Promise<Result<null>> {
  const check = accessToken === undefined ? null : await ctx.verifier.check(accessToken, ctx.clock());
  const sessionId = check !== null && (check.ok || check.reason === 'expired') ? check.claims.sid : null;
  const ended = sessionId === null ? [] : await endSessions(ctx, { ids: [sessionId] }, 'signed-out');
  return ended.length === 0 ? fail('no-session-to-sign-out') : succeed(null);
}
