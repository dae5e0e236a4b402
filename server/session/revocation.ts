/**
 * The one way a session ends before its time. Every entry point (the routes, the library,
 * sessionctl, the session limit, password change, disabling a user, theft detection, the
 * sweeper) comes here: the store records when, why and by whom it ended (for the history),
 * the activity throttle forgets it, `session.revoked` is logged once, and the ending is
 * published on the event bus (`session-ended` and `sessions-changed: ended`), in one place.
 */
import type { EndReason } from '../../shared/schemas.ts';
import type { SessionContext } from './context.ts';
import { notify } from './hooks.ts';
import type { EndedSessionRef, SessionEnd } from './records.ts';
import type { SessionSelector } from './store.ts';

/** Why a session ended, as logged; each maps to one of the contract's end reasons. */
export type EndCause =
  | 'signed-out'
  | 'revoked-by-user'
  | 'signed-out-others'
  | 'signed-out-all'
  | 'revoked-by-handler'
  | 'revoked-offline'
  | 'revoked-by-operator'
  | 'revoked-everyone'
  | 'session-limit'
  | 'user-disabled'
  | 'password-changed'
  | 'token-theft'
  | 'expired';

const END_REASONS: Record<EndCause, EndReason> = {
  'signed-out': 'signed_out',
  'revoked-by-user': 'ended_by_user',
  'signed-out-others': 'ended_by_user',
  'signed-out-all': 'ended_by_user',
  'revoked-by-handler': 'ended_by_operator',
  'revoked-offline': 'ended_by_operator',
  'revoked-by-operator': 'ended_by_operator',
  'revoked-everyone': 'ended_by_operator',
  'session-limit': 'session_limit',
  'user-disabled': 'user_disabled',
  'password-changed': 'password_changed',
  'token-theft': 'theft_detected',
  expired: 'expired',
};

/** The contract's end reason for a cause. */
export function endReasonOf(cause: EndCause): EndReason {
  return END_REASONS[cause];
}

/** The session of the same user that ended others (for `ended_by_user`). */
export interface EndedBy {
  sessionId: string;
  deviceName: string;
}

/** Ends the selected sessions that have not ended; returns them. */
export async function endSessions(
  ctx: SessionContext,
  selector: SessionSelector,
  cause: EndCause,
  by: EndedBy | null = null,
): Promise<EndedSessionRef[]> {
  if ('ids' in selector && selector.ids.length === 0) return [];
  const reason = endReasonOf(cause);
  const end: SessionEnd = {
    at: ctx.clock(),
    reason,
    bySessionId: reason === 'ended_by_user' ? (by?.sessionId ?? null) : null,
    byDeviceName: reason === 'ended_by_user' ? (by?.deviceName ?? null) : null,
  };
  const ended = await ctx.store.endSessions(selector, end);
  await sessionsEnded(ctx, ended, cause, () => end);
  return ended;
}

/**
 * What follows every ending, also for those the store carries out itself (theft detection ends
 * the session inside the refresh transaction; the sweeper ends expired ones in batches).
 * `endOf` says how each ended, as the store recorded it. Resolves once the ending is published;
 * publishing never fails the ending (the bus logs a failure).
 */
export async function sessionsEnded<Ref extends EndedSessionRef>(
  ctx: SessionContext,
  ended: readonly Ref[],
  cause: EndCause,
  endOf: (session: Ref) => SessionEnd,
): Promise<void> {
  if (ended.length === 0) return;
  for (const session of ended) {
    ctx.activity.forget(session.id);
    // A session running out is not a revocation; the sweeper logs how many it ended.
    if (cause === 'expired') continue;
    ctx.log.info('session.revoked', {
      sessionId: session.id,
      userId: session.userId,
      tenantId: session.tenantId,
      reason: cause,
    });
  }
  await ctx.events.publishEnded(ended.map((session) => ({ ...session, end: endOf(session) })));
  if (ctx.hooks?.onSessionEnded === undefined) return;
  for (const session of ended) {
    const { id: sessionId, userId, tenantId } = session;
    await notify(ctx.log, ctx.hooks, 'onSessionEnded', { sessionId, userId, tenantId, reason: endOf(session).reason });
  }
}
