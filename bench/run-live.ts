/**
 * Parts of `npm run bench` run from bench/run.ts through one context: the live sign-out parts
 * (issue 11, item 5) — `pagesignout` (revoke → the revoked device's open dashboard shows the
 * signed-out screen), `streams` (memory per idle event stream with 10,000 open, and `GET /api/me`
 * with them open vs none) and `revokeall` (revoke-all of a user with 20 open streams) — and
 * `connections` (issue 15: strict and stateless SQLite at 10, 50 and 200 connections).
 */
import { runConnectionSweep } from './connections.ts';
import type { Results } from './report-format.ts';
import { runPageSignOutBehindNginx, runPageSignOutSqlite } from './page-signout.ts';
import { runRevokeAllStreams } from './revoke-all-streams.ts';
import { runStreamMemory } from './stream-memory.ts';

export interface RunContext {
  results: Results;
  tempDir: string;
  log(line: string): void;
  /** A database URL with a private schema for `part` (dropped at the end of the run). */
  pgUrl(part: string): string;
  secondsLeft(): number;
  /** Null when PostgreSQL answers, else why not. */
  postgresProblem: string | null;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** False (and the part named as skipped) when fewer than `seconds` of the run's budget are left. */
function fits(run: RunContext, name: string, seconds: number): boolean {
  if (run.secondsLeft() >= seconds) return true;
  run.results.skipped.push(`${name} (time budget)`);
  return false;
}
const ms = (value: number): string => value.toFixed(0);

export const PAGE_TRIALS = Number(process.env.BENCH_PAGE_TRIALS ?? 60);
/** Per setup; about 0.5 s a trial on a quiet 2-core machine, three times that when it is busy. */
const PAGE_CAP_SECONDS = 90;

export async function pageSignOutPart(run: RunContext): Promise<void> {
  const setups = [
    ['one instance, SQLite', (deadline: number) => runPageSignOutSqlite(run.tempDir, PAGE_TRIALS, deadline)],
    [
      'two instances, PostgreSQL, behind nginx',
      (deadline: number) => {
        if (run.postgresProblem !== null) throw new Error(run.postgresProblem);
        return runPageSignOutBehindNginx(run.pgUrl('pagesignout'), PAGE_TRIALS, deadline);
      },
    ],
  ] as const;
  for (const [setup, measure] of setups) {
    if (!fits(run, `page sign-out (${setup})`, 60)) continue;
    try {
      const result = await measure(Date.now() + PAGE_CAP_SECONDS * 1000);
      if (result.trials < PAGE_TRIALS)
        run.results.skipped.push(
          `page sign-out (${setup}) stopped after ${result.trials} of ${PAGE_TRIALS} trials ` +
            `(${PAGE_CAP_SECONDS} s cap)`,
        );
      run.results.pageSignOut.push(result);
      run.log(
        `  ${setup}: ${result.trials} trials, ${result.withinGoal} within 1 s; after the answer p50 ` +
          `${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms, max ${ms(result.maxMs)} ms`,
      );
    } catch (error) {
      run.log(`  ${setup} failed: ${message(error)}`);
      run.results.pageSignOut.push({ setup, error: message(error) });
    }
  }
}

export const STREAMS = Number(process.env.BENCH_STREAMS ?? 10_000);

export async function streamsPart(run: RunContext): Promise<void> {
  if (!fits(run, `${STREAMS.toLocaleString('en')} idle streams`, 120)) return;
  try {
    const result = await runStreamMemory(run.tempDir, STREAMS, run.log);
    run.results.streams = result;
    run.log(
      `  streams: ${result.opened} open, heap ${result.heapKiBPerStream.toFixed(1)} KiB and RSS ` +
        `${result.rssKiBPerStream.toFixed(1)} KiB per stream; ` +
        `GET /api/me with them open ${result.ratio.toFixed(2)}× none`,
    );
  } catch (error) {
    run.log(`  streams failed: ${message(error)}`);
    run.results.streams = { error: message(error) };
  }
}

export const REVOKE_ALL_TRIALS = Number(process.env.BENCH_REVOKE_ALL_TRIALS ?? 50);

export async function revokeAllPart(run: RunContext): Promise<void> {
  if (!fits(run, 'revoke-all with 20 streams', 40)) return;
  try {
    const result = await runRevokeAllStreams(run.tempDir, REVOKE_ALL_TRIALS, Date.now() + 60_000);
    if (result.trials < REVOKE_ALL_TRIALS)
      run.results.skipped.push(`revoke-all with 20 streams stopped after ${result.trials} trials (60 s cap)`);
    run.results.revokeAll = result;
    run.log(
      `  revoke-all: ${result.trials} trials, ${result.allNotified} with all ${result.streamsPerTrial} notified; ` +
        `last stream p50 ${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms after the answer`,
    );
  } catch (error) {
    run.log(`  revoke-all failed: ${message(error)}`);
    run.results.revokeAll = { error: message(error) };
  }
}

export async function connectionsPart(run: RunContext): Promise<void> {
  try {
    run.results.connections = await runConnectionSweep(run.tempDir, run.log);
  } catch (error) {
    run.log(`  connections failed: ${message(error)}`);
    run.results.connections = { error: message(error) };
  }
}
