/**
 * The event streams' backstop. Endings reach open streams through the bus at once; this finds the
 * ones no message announced here — an ending by another process that publishes to no one on this
 * instance (sessionctl on a SQLite file), or a notification lost when an instance crashed between
 * its commit and its NOTIFY — by asking the store, every few seconds, which of the sessions with
 * an open stream have ended, and delivers `session-ended` to those streams.
 */
import type { SessionContext } from './context.ts';
import { repeatEvery } from './repeat.ts';

export const RECONCILE_INTERVAL_MS = 5_000;
/** Sessions asked about in one query. */
const BATCH = 1_000;

/** Checks once; returns how many sessions were found ended. */
export async function reconcileEventStreams(ctx: SessionContext): Promise<number> {
  const ids = ctx.events.openSessionIds();
  let found = 0;
  for (let start = 0; start < ids.length; start += BATCH) {
    const ended = await ctx.store.findEndedSessions(ids.slice(start, start + BATCH));
    for (const session of ended) ctx.events.endStreamsOf(session);
    found += ended.length;
  }
  return found;
}

export function startEventReconciler(ctx: SessionContext, intervalMs = RECONCILE_INTERVAL_MS): { stop(): void } {
  return repeatEvery(
    intervalMs,
    async () => {
      const found = await reconcileEventStreams(ctx);
      if (found > 0) ctx.log.info('events.reconciled', { sessions: found });
    },
    (error) => ctx.log.warn('events.reconcile_failed', { error }),
  );
}
