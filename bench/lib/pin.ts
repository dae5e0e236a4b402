/**
 * BENCH_PIN=1 (issue 15, "steady numbers"): the load generator (this process, autocannon runs in it) on CPU 0
 * and every server target on CPU 1, with `taskset -a -p` (all threads). Off by default: on a shared 2-core
 * machine it only separates our two processes from each other, not from other work.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

export const PINNED = process.env.BENCH_PIN === '1';

/** Pins `pid` (all its threads) to `cpu` when BENCH_PIN=1; throws if taskset fails. */
export function pin(pid: number, cpu: number): void {
  if (!PINNED) return;
  execFileSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { stdio: 'ignore' });
}

export const LOAD_CPU = 0;
export const SERVER_CPU = 1;

/** Lets `pid` run on every CPU again (after the request part, so later parts are not pinned). */
export function unpin(pid: number): void {
  if (!PINNED) return;
  execFileSync('taskset', ['-a', '-pc', `0-${cpus().length - 1}`, String(pid)], { stdio: 'ignore' });
}
