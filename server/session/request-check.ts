/**
 * The check every authenticated request passes: a verified access token and, in strict mode, a
 * session that still exists, is live and whose user is enabled (rules.ts says when the store is
 * asked). "Last active" is written on the way, at most once a minute per session.
 */
import type { AccessClaims } from './access-token.ts';
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import type { SessionWithUser } from './records.ts';
import { checksStore, storedSessionHonours } from './rules.ts';

/** Who is calling, as the request check established it. */
export interface Caller {
  /** The verified access token's claims: `sub` the user, `sid` the session, `tid` the tenant. */
  readonly claims: AccessClaims;
  /** The stored session and user, when the store was consulted (strict mode). */
  readonly record: SessionWithUser | null;
  /** How the request authenticated: `header` (Bearer) or `cookie`. */
  readonly mode: 'header' | 'cookie';
}

export interface RequestCheckOptions {
  /** Override of the configured revocation mode for this check (see checksStore). */
  checkDatabase?: boolean;
  /** The client's address, worked out only when it is written. */
  ip: () => string | null;
}

/**
 * Checks an access token: `access-token-expired` when only its time is up (and, in strict mode,
 * its session still exists), `session-ended` otherwise.
 */
export async function checkAccessToken(
  ctx: SessionContext,
  token: string,
  options: RequestCheckOptions,
): Promise<Result<{ claims: AccessClaims; record: SessionWithUser | null }>> {
  const checkDatabase = checksStore(ctx.config, options.checkDatabase);
  const now = ctx.clock();
  const check = await ctx.verifier.check(token, now);
  if (!check.ok) {
    if (check.reason === 'invalid') return fail('session-ended');
    // Strict mode promises UNAUTHORISED for a revoked session's token, expired or not: only a
    // session that still exists is told to refresh.
    if (checkDatabase && (await ctx.store.findSessionById(check.claims.sid)) === null) return fail('session-ended');
    return fail('access-token-expired');
  }
  if (!checkDatabase) {
    // Nothing was read, but "last active" is still kept, at most once a minute per session.
    if (ctx.activity.shouldWrite(check.claims.sid, null, now))
      await ctx.store.touchSession(check.claims.sid, now, options.ip());
    return succeed({ claims: check.claims, record: null });
  }
  const record = await ctx.store.findSessionWithUser(check.claims.sid);
  if (!storedSessionHonours(record, check.claims, now)) return fail('session-ended');
  return succeed({ claims: check.claims, record: await recordActivity(ctx, record, options.ip, now) });
}

/** Writes "last active" (and the IP) when the throttle allows; returns the record as it now stands. */
async function recordActivity(
  ctx: SessionContext,
  record: SessionWithUser,
  ipOf: () => string | null,
  now: number,
): Promise<SessionWithUser> {
  const { session } = record;
  if (!ctx.activity.shouldWrite(session.id, session.lastActiveAt, now)) return record;
  const ip = ipOf();
  await ctx.store.touchSession(session.id, now, ip);
  return { user: record.user, session: { ...session, lastActiveAt: now, ip: ip ?? session.ip } };
}
