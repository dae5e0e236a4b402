/** Report section: strict PostgreSQL from the leased cache (issue 15, item 1; docs/revocation.md). */
import type { LeaseBenchResult } from './lease.ts';
import { fixed, median } from './lib/stats.ts';
import type { Results } from './report-format.ts';
import { escapeCell, isFailure, ms } from './report-format.ts';

/** The goal: strict PostgreSQL at least this fraction of strict SQLite, same run. */
export const LEASE_GOAL = 0.9;

export function leaseSection(results: Results): string[] {
  const { lease } = results;
  if (lease === undefined) return [];
  const lines = ['### Strict on PostgreSQL from the leased cache (issue 15)', ''];
  if (isFailure(lease)) return [...lines, `Error: ${escapeCell(lease.error)}`, ''];
  return [...lines, ...throughputLines(lease), ...revokeLines(lease)];
}

function throughputLines(lease: LeaseBenchResult): string[] {
  const sqlite = lease.targets.find((target) => target.key === 'strict-sqlite');
  const lines = [
    'bench/lease.ts: `GET /api/me` with a session cookie, the same interleaved rounds and load as part 1, three ' +
      'strict targets: SQLite, PostgreSQL with the leased cache (`POSTGRES_SESSION_CACHE=lease`, the default) and ' +
      'PostgreSQL without it (`off`: one query per event-loop turn). Ratios are to strict SQLite in the same ' +
      'round; CPU µs per request is the server process’s user+system time over its 2xx answers ' +
      '(`/proc/<pid>/stat`), which other work on the machine disturbs much less than req/s. ' +
      `Goal: leased PostgreSQL ≥ ${LEASE_GOAL}× strict SQLite.`,
    '',
    '| Target | req/s median (min – max) | × strict SQLite, median (min – max) | CPU µs / request |',
    '|---|---:|---:|---:|',
  ];
  for (const target of lease.targets) {
    if (target.error !== undefined) {
      lines.push(`| ${target.label} | error: ${escapeCell(target.error)} | | |`);
      continue;
    }
    const rates = target.requestsPerSecond;
    const ratios = rates.map((rate, round) => rate / (sqlite?.requestsPerSecond[round] ?? Number.NaN));
    const goal = target.key === 'strict-postgres-lease' ? (median(ratios) >= LEASE_GOAL ? ' ✅' : ' ❌') : '';
    lines.push(
      `| ${target.label} | ${fixed(median(rates))} (${fixed(Math.min(...rates))} – ${fixed(Math.max(...rates))}) | ` +
        `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)} – ${Math.max(...ratios).toFixed(2)})` +
        `${goal} | ${fixed(lease.cpuMicrosPerRequest[target.key] ?? Number.NaN)} |`,
    );
  }
  lines.push('');
  return lines;
}

function revokeLines(lease: LeaseBenchResult): string[] {
  const { revoke } = lease;
  return [
    `Revoke latency with the lease protocol: \`POST /auth/signout\` on instance A while instance B holds a lease ` +
      `and has the session cached, so every revoke returns only after B acknowledged the invalidation: ` +
      `${revoke.trials} trials, p50 ${ms(revoke.p50Ms)} ms, p99 ${ms(revoke.p99Ms)} ms, max ${ms(revoke.maxMs)} ms; ` +
      `requests B accepted after the revoke returned: **${revoke.acceptedOnBAfterRevoke}**.`,
    '',
  ];
}
