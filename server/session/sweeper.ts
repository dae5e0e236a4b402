/**
 * Deletes expired sessions in the background, in bounded batches with a pause between them, so
 * a large backlog never holds the database for long or stalls requests.
 */
import type { SessionContext } from './context.ts';
import { repeatEvery } from './repeat.ts';
import { sessionsEnded } from './revocation.ts';
import { historyKeptSince } from './rules.ts';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface SweeperOptions {
  intervalMs?: number;
  batchSize?: number;
}

export function startSweeper(
  ctx: SessionContext,
  options: SweeperOptions = {},
): { stop(): void; sweepOnce(): Promise<number> } {
  const intervalMs = options.intervalMs ?? 60_000;
  // Small: on SQLite a batch holds the event loop (about 0.1 ms a row on this machine).
  const batchSize = options.batchSize ?? 100;
  let stopped = false;

  /** Runs `batch` until it does less than a full batch, resting between batches. */
  const drain = async (batch: () => Promise<number>): Promise<number> => {
    let total = 0;
    for (;;) {
      if (stopped) break;
      const started = performance.now();
      const done = await batch();
      total += done;
      if (done < batchSize) break;
      // Rest at least as long as the batch took: a synchronous engine (SQLite) holds the event
      // loop during a batch, so requests get at least half of the time while a backlog drains.
      await pause(Math.max(5, performance.now() - started));
    }
    return total;
  };

  const sweepOnce = async (): Promise<number> => {
    // Sessions whose lifetime ran out end as `expired`, and stay in the history...
    const total = await drain(async () => {
      const ended = await ctx.store.endExpiredSessions(ctx.clock(), batchSize);
      await sessionsEnded(ctx, ended, 'expired', (session) => ({
        at: session.endedAt,
        reason: 'expired',
        bySessionId: null,
        byDeviceName: null,
      }));
      return ended.length;
    });
    if (total > 0) ctx.log.info('session.swept', { count: total });
    // ...until SESSION_HISTORY_DAYS have passed (0: at once).
    const keptSince = historyKeptSince(ctx.config, ctx.clock());
    const purged = await drain(() => ctx.store.purgeEndedSessions(keptSince, batchSize));
    if (purged > 0) ctx.log.info('session.history_purged', { count: purged });
    // Old rate-limit counters go the same way, so the table does not grow with every address seen.
    while (!stopped && (await ctx.store.deleteExpiredRateLimits(ctx.clock(), batchSize)) === batchSize) await pause(5);
    // And reset links nobody used in their 30 minutes.
    while (!stopped && (await ctx.store.deleteExpiredPasswordResets(ctx.clock(), batchSize)) === batchSize)
      await pause(5);
    return total;
  };

  const repeating = repeatEvery(intervalMs, sweepOnce, (error) => ctx.log.warn('session.sweep_failed', { error }));
  return {
    stop: () => {
      stopped = true;
      repeating.stop();
    },
    sweepOnce,
  };
}
