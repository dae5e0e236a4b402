/**
 * Deletes expired sessions in the background, in bounded batches with a pause between them, so
 * a large backlog never holds the database for long or stalls requests.
 */
import type { SessionContext } from './context.ts';

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
  let timer: NodeJS.Timeout | null = null;

  const sweepOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      if (stopped) break;
      const started = performance.now();
      const deleted = await ctx.store.deleteExpiredSessions(ctx.clock(), batchSize);
      total += deleted;
      if (deleted < batchSize) break;
      // Rest at least as long as the batch took: a synchronous engine (SQLite) holds the event
      // loop during a batch, so requests get at least half of the time while a backlog drains.
      await pause(Math.max(5, performance.now() - started));
    }
    if (total > 0) ctx.log.info('session.swept', { count: total });
    // Old rate-limit counters go the same way, so the table does not grow with every address seen.
    while (!stopped && (await ctx.store.deleteExpiredRateLimits(ctx.clock(), batchSize)) === batchSize) await pause(5);
    return total;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweepOnce()
        .catch((error: unknown) => ctx.log.warn('session.sweep_failed', { error }))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
    sweepOnce,
  };
}
