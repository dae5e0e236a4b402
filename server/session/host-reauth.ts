/**
 * Re-authentication for a host application's users: we hold no password of theirs, so the host's
 * `verifyPassword` hook checks it, with our rate limits around it (the same per-account and
 * per-address limits as our own sign-in). What follows a success is what follows ours: the
 * session counts as freshly authenticated and a cookie-mode client gets fresh tokens.
 */
import { markReauthenticated } from './accounts.ts';
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail } from './failures.ts';
import { currentRecord } from './my-sessions.ts';
import { accountFailureLimit, clearLimit, consume, ipFailureLimit, release } from './rate-limits.ts';
import type { SessionRecord } from './records.ts';
import type { Caller } from './request-check.ts';
import type { IssuedSession } from './sessions.ts';

export async function reauthenticateHostUser(
  ctx: SessionContext,
  caller: Caller,
  password: string,
  ip: string | null,
): Promise<Result<{ session: SessionRecord; reissued: IssuedSession | null }>> {
  const verify = ctx.hooks?.verifyPassword;
  if (verify === undefined) return fail('invalid-credentials');
  const current = await currentRecord(ctx, caller);
  if (!current.ok) return current;
  const { session, user } = current.value;
  const accountLimit = accountFailureLimit(user.email);
  const addressLimit = ipFailureLimit(ip);
  const limited = (await consume(ctx, accountLimit)) ?? (await consume(ctx, addressLimit));
  if (limited !== null) return limited;
  const ref = { sessionId: session.id, userId: session.userId, tenantId: session.tenantId };
  if (!(await verify.call(ctx.hooks, ref, password))) {
    ctx.log.warn('auth.failed', { userId: user.id, ip, tenantId: session.tenantId });
    return fail('invalid-credentials');
  }
  await clearLimit(ctx, accountLimit);
  await release(ctx, addressLimit);
  return markReauthenticated(ctx, caller, session);
}
