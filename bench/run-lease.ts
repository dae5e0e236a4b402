/**
 * Part `lease` of `npm run bench` (issue 15, item 1): strict PostgreSQL with the leased
 * per-instance cache against strict SQLite and uncached PostgreSQL in the same interleaved rounds,
 * and the latency of a revoke that must wait for a second instance's acknowledgement
 * (bench/lease.ts; the design is docs/revocation.md).
 */
import { runLeaseBench } from './lease.ts';
import type { RunContext } from './run-live.ts';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const LEASE_REVOKE_TRIALS = Number(process.env.BENCH_LEASE_REVOKE_TRIALS ?? 300);

export async function leasePart(run: RunContext, pgBaseUrl: string, schemaPrefix: string): Promise<void> {
  if (run.postgresProblem !== null) {
    run.results.lease = { error: run.postgresProblem };
    return;
  }
  if (run.secondsLeft() < 90) {
    run.results.skipped.push('lease (time budget)');
    return;
  }
  try {
    const result = await runLeaseBench(pgBaseUrl, run.log, {
      revokeTrials: LEASE_REVOKE_TRIALS,
      schemaPrefix: `${schemaPrefix}_lease`,
    });
    run.results.lease = result;
    run.log(
      `  leased PostgreSQL / strict SQLite ${result.leasedPostgresOverSqlite.toFixed(2)}×; revoke p50 ` +
        `${result.revoke.p50Ms.toFixed(1)} ms, p99 ${result.revoke.p99Ms.toFixed(1)} ms, ` +
        `${result.revoke.acceptedOnBAfterRevoke} accepted after revoke`,
    );
  } catch (error) {
    run.results.lease = { error: message(error) };
  }
}
