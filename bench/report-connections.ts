/** Report section: strict and stateless SQLite at 10, 50 and 200 connections (part `connections`). */
import { CONNECTION_SHAPE } from './connections.ts';
import { fixed, median } from './lib/stats.ts';
import type { Results } from './report-format.ts';
import { escapeCell, isFailure } from './report-format.ts';
import { perRoundRatios, spread } from './report-request.ts';

/** Issue 15: strict and stateless within 5% of each other at every level. */
const WITHIN = 0.05;

export function connectionsSection(results: Results): string[] {
  const data = results.connections;
  if (data === undefined) return [];
  const lines = ['#### Strict against stateless SQLite at 10, 50 and 200 connections', ''];
  if (isFailure(data)) return [...lines, `_Failed: ${escapeCell(data.error)}_`, ''];
  lines.push(
    `Part \`connections\` (bench/connections.ts, not in the default list): bare Express, strict and stateless ` +
      `SQLite, fresh processes per level, ${CONNECTION_SHAPE.rounds} interleaved rounds of ` +
      `${CONNECTION_SHAPE.durationSeconds} s after a ${CONNECTION_SHAPE.warmupSeconds} s warm-up at each level. ` +
      'Stateless ÷ strict is taken round by round (min / median / max); the goal is the median within 5%.',
    '',
    '| Connections | bare req/s | strict req/s | stateless req/s | stateless ÷ strict per round | within 5% | ' +
      'strict p99 ms | stateless p99 ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const level of data) {
    const find = (key: string) => level.targets.find((item) => item.key === key);
    const [bare, strict, stateless] = [find('bare'), find('strict-sqlite'), find('stateless-sqlite')];
    const rps = (item: typeof bare) => (item === undefined ? Number.NaN : median(item.requestsPerSecond));
    const p99 = (item: typeof bare) => (item === undefined ? Number.NaN : median(item.p99Ms));
    const ratios = strict === undefined || stateless === undefined ? [] : perRoundRatios(stateless, strict);
    const mid = median(ratios);
    const errors = level.targets.flatMap((item) => (item.error === undefined ? [] : [`${item.key}: ${item.error}`]));
    lines.push(
      `| ${level.connections} | ${fixed(rps(bare))} | ${fixed(rps(strict))} | ${fixed(rps(stateless))} | ` +
        `${spread(ratios)} | ${Number.isFinite(mid) ? (Math.abs(mid - 1) <= WITHIN ? '✅' : '❌') : ''} | ` +
        `${fixed(p99(strict))} | ${fixed(p99(stateless))} |` +
        (errors.length === 0 ? '' : ` ${escapeCell(errors.join('; '))}`),
    );
  }
  lines.push('');
  return lines;
}
