/**
 * Renders the benchmark results as Markdown and writes them into docs/benchmarks.md between
 * `<!-- bench:start -->` and `<!-- bench:end -->`, leaving everything else in the file (other
 * sections, such as client timings written by other tools) as it is.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fixed } from './lib/stats.ts';
import { clientsSection, memorySection } from './report-client.ts';
import type { Results } from './report-format.ts';
import { END_MARKER, START_MARKER } from './report-format.ts';
import { profileSection, requestPathSection } from './report-request.ts';
import { connectionsSection } from './report-connections.ts';
import { leaseSection } from './report-lease.ts';
import { locationSection } from './report-location.ts';
import { liveSignOutSection } from './report-live.ts';
import { eventsSection, propagationSection, scaleSection, sweepSection } from './report-storage.ts';
import { CHART_FILES, charts, writeCharts } from './report-svg.ts';

export type { Failure, MachineInfo, Results } from './report-format.ts';
export { END_MARKER, START_MARKER } from './report-format.ts';

export function renderResults(results: Results): string {
  const { machine } = results;
  const versions = Object.entries(machine.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const lines = [
    START_MARKER,
    '## Server benchmarks',
    '',
    `_Written by \`npm run bench\` (bench/run.ts) on ${machine.date}; the run took ${fixed(machine.runSeconds)} s ` +
      `after the build. Do not edit by hand between the markers._`,
    '',
    `- Machine: ${machine.cpus} × ${machine.cpuModel}, ${fixed(machine.memoryGiB, 1)} GiB RAM, ${machine.os}`,
    `- Node ${machine.node}; ${versions}`,
    `- Load average (1/5/15 min) at start ` +
      `${machine.loadAverageStart.map((value) => value.toFixed(2)).join(' / ')}, at end ` +
      `${machine.loadAverageEnd.map((value) => value.toFixed(2)).join(' / ')} — other work on this machine shows up ` +
      `as noise; the interleaved rounds and ratios are there to absorb it.`,
    '- Command: `npm run bench` = `npm run build && node --expose-gc dist/node/bench/run.js`. Env knobs: ' +
      '`BENCH_BUDGET_SECONDS` (default 780), `BENCH_PARTS` (comma list; default request,lease,location,' +
      'profile,propagation,events,pagesignout,streams,revokeall,memory,scale,sweep,clients,popup; also ' +
      '`connections`, not in the default), `BENCH_SWEEP_BATCH_SIZE` (default 100, as the sweeper), ' +
      '`BENCH_DATABASE_URL`, `BENCH_PIN=1` (autocannon on CPU 0, request-path targets on CPU 1), and for ' +
      'development runs `BENCH_ROUNDS` (7), `BENCH_ROUND_SECONDS` (3), `BENCH_PAGE_TRIALS` (60), `BENCH_STREAMS` ' +
      '(10,000), `BENCH_REVOKE_ALL_TRIALS` (50), `BENCH_LEASE_REVOKE_TRIALS` (300).' +
      (results.load.rounds !== 7 || results.load.durationSeconds !== 3
        ? ` **This run used ${results.load.rounds} rounds of ${results.load.durationSeconds} s.**`
        : ''),
    '- PostgreSQL: `postgres://postgres@127.0.0.1:5432/test`, a private schema per part (`?schema=bench_…`, ' +
      'dropped afterwards).',
    '',
  ];
  if (results.skipped.length > 0) lines.push(`Skipped in this run: ${results.skipped.join('; ')}.`, '');
  // Charts drawn from this run (bench/report-svg.ts), written beside this file.
  const drawn = charts(results);
  const image = (name: keyof typeof CHART_FILES, alt: string): string[] =>
    drawn[name] === undefined ? [] : [`![${alt}](${CHART_FILES[name]})`, ''];
  lines.push(
    ...requestPathSection(results),
    ...image('throughput', 'Throughput per target: median req/s with the min–max of the rounds'),
    ...connectionsSection(results),
    ...leaseSection(results),
    ...locationSection(results),
    ...profileSection(results),
    ...scaleSection(results),
    ...image('scale', 'Mean ms per store operation against the number of sessions, SQLite and PostgreSQL'),
    ...sweepSection(results),
    ...propagationSection(results),
    ...eventsSection(results),
    ...liveSignOutSection(results, drawn.signout === undefined ? null : CHART_FILES.signout),
    ...memorySection(results),
    ...clientsSection(results),
    END_MARKER,
  );
  return lines.join('\n');
}

/** Replaces the marked block in `path` (or adds it after the title), keeping the rest of the file. */
export function writeBlock(path: string, block: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = existing.indexOf(START_MARKER);
  const end = existing.indexOf(END_MARKER);
  let next: string;
  if (start >= 0 && end > start) {
    next = existing.slice(0, start) + block + existing.slice(end + END_MARKER.length);
  } else if (existing.trim() === '') {
    next = `# Benchmarks\n\n${block}\n`;
  } else {
    const title = /^# .*\n/.exec(existing);
    next =
      title === null
        ? `${block}\n\n${existing}`
        : `${title[0]}\n${block}\n\n${existing.slice(title[0].length).replace(/^\n+/, '')}`;
  }
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
}

/** Writes the block into `docPath` and this run's charts beside it. */
export function writeReport(docPath: string, results: Results): void {
  writeBlock(docPath, renderResults(results));
  writeCharts(dirname(docPath), results);
}
