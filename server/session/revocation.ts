/**
 * The one way a session ends before its time. Every entry point (the routes, the library,
 * sessionctl, the session limit, password change, disabling a user, theft detection) comes here,
 * so each ending is forgotten by the activity throttle and logged as `session.revoked` once, in
 * one place.
 */
import type { SessionContext } from './context.ts';
import type { EndedSessionRef } from './records.ts';
import type { SessionSelector } from './store.ts';

/** Why a session ended, as logged. */
export type EndReason =
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
  | 'token-theft';

/** Ends the selected sessions that exist; returns them. */
export async function endSessions(
  ctx: SessionContext,
  selector: SessionSelector,
  reason: EndReason,
): Promise<EndedSessionRef[]> {
  if ('ids' in selector && selector.ids.length === 0) return [];
  const ended = await ctx.store.deleteSessions(selector);
  sessionsEnded(ctx, ended, reason);
  return ended;
}

/**
 * What follows every ending, also for the one the store carries out itself (theft detection ends
 * the session inside the refresh transaction).
 */
export function sessionsEnded(ctx: SessionContext, ended: readonly EndedSessionRef[], reason: EndReason): void {
  for (const session of ended) {
    ctx.activity.forget(session.id);
    ctx.log.info('session.revoked', {
      sessionId: session.id,
      userId: session.userId,
      tenantId: session.tenantId,
      reason,
    });
  }
}
