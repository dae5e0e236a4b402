/**
 * The bench's charts (issue 15, item 5), as hand-written SVG written beside docs/benchmarks.md:
 * throughput per target with the spread of its rounds, the store's cost against the number of
 * sessions, and live sign-out latency per trial. Each is drawn only from this run's results; a
 * chart without data in this run is neither written nor linked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './lib/stats.ts';
import type { Results } from './report-format.ts';
import { isFailure } from './report-format.ts';
import { SCALE_OPERATIONS } from './scale.ts';

export const CHART_FILES = {
  throughput: 'bench-throughput.svg',
  scale: 'bench-scale.svg',
  signout: 'bench-signout.svg',
} as const;
export type ChartName = keyof typeof CHART_FILES;

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (value: number): string => value.toFixed(1);

function frame(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `${FONT} role="img" aria-label="${esc(title)}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** "Nice" round upper bound for an axis. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

function throughputChart(results: Results): string | null {
  const data = results.requestPath;
  if (data === undefined || isFailure(data)) return null;
  const rows = data.filter((item) => item.requestsPerSecond.length > 0);
  if (rows.length === 0) return null;
  const left = 330;
  const plot = 360;
  const rowHeight = 26;
  const top = 40;
  const max = niceMax(Math.max(...rows.flatMap((item) => item.requestsPerSecond)));
  const x = (value: number): number => left + (value / max) * plot;
  const body: string[] = [];
  rows.forEach((item, index) => {
    const y = top + index * rowHeight;
    const mid = median(item.requestsPerSecond);
    const [low, high] = [Math.min(...item.requestsPerSecond), Math.max(...item.requestsPerSecond)];
    const label = item.label.replace(/`/g, '');
    body.push(
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">` +
        `${esc(label.length > 52 ? `${label.slice(0, 51)}…` : label)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${n(x(mid) - left)}" height="16" ` +
        `fill="${COLOURS[index % COLOURS.length]}" ` +
        'fill-opacity="0.75"/>',
      `<line x1="${n(x(low))}" x2="${n(x(high))}" y1="${y + 12}" y2="${y + 12}" stroke="#000"/>`,
      `<line x1="${n(x(low))}" x2="${n(x(low))}" y1="${y + 7}" y2="${y + 17}" stroke="#000"/>`,
      `<line x1="${n(x(high))}" x2="${n(x(high))}" y1="${y + 7}" y2="${y + 17}" stroke="#000"/>`,
      `<text x="${n(x(high) + 6)}" y="${y + 16}">${mid.toFixed(0)}</text>`,
    );
  });
  const axisY = top + rows.length * rowHeight + 6;
  body.push(`<line x1="${left}" x2="${left + plot}" y1="${axisY}" y2="${axisY}" stroke="#444"/>`);
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max / 4) * tick;
    body.push(`<text x="${n(x(value))}" y="${axisY + 15}" text-anchor="middle">${value.toFixed(0)}</text>`);
  }
  body.push(
    `<text x="${left}" y="${axisY + 32}">req/s of GET /api/me: bar = median of ${results.load.rounds} rounds, ` +
      'whisker = min – max</text>',
  );
  return frame(left + plot + 80, axisY + 44, 'Request path: throughput per target', body);
}

function scaleChart(results: Results): string | null {
  const series: { label: string; dashed: boolean; colour: string; points: [number, number][] }[] = [];
  for (const engine of results.scale) {
    if (isFailure(engine) || engine.length === 0) continue;
    SCALE_OPERATIONS.forEach((operation, index) => {
      const points = engine.flatMap((level): [number, number][] => {
        const cell = level.results[operation];
        return cell === undefined || 'error' in cell || !(cell.opsPerSecond > 0)
          ? []
          : [[level.sessions, 1000 / cell.opsPerSecond]];
      });
      const name = engine[0]?.engine ?? '';
      if (points.length > 0)
        series.push({
          label: `${name}: ${operation}`,
          dashed: name === 'PostgreSQL',
          colour: COLOURS[index % COLOURS.length] as string,
          points,
        });
    });
  }
  if (series.length === 0) return null;
  const [left, top, width, height] = [70, 40, 420, 300];
  const all = series.flatMap((item) => item.points);
  const [xMin, xMax] = [Math.min(...all.map(([s]) => s)), Math.max(...all.map(([s]) => s))];
  const yLow = 10 ** Math.floor(Math.log10(Math.min(...all.map(([, ms]) => ms))));
  const yHigh = 10 ** Math.ceil(Math.log10(Math.max(...all.map(([, ms]) => ms))));
  const x = (sessions: number): number =>
    xMax === xMin ? left + width / 2 : left + (Math.log10(sessions / xMin) / Math.log10(xMax / xMin)) * width;
  const y = (ms: number): number => top + height - (Math.log10(ms / yLow) / Math.log10(yHigh / yLow)) * height;
  const body = [`<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#444"/>`];
  for (let decade = yLow; decade <= yHigh; decade *= 10)
    body.push(
      `<line x1="${left}" x2="${left + width}" y1="${n(y(decade))}" y2="${n(y(decade))}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${n(y(decade) + 4)}" text-anchor="end">` +
        `${decade >= 1 ? decade : decade.toPrecision(1)}</text>`,
    );
  for (const sessions of new Set(all.map(([s]) => s)))
    body.push(
      `<text x="${n(x(sessions))}" y="${top + height + 16}" text-anchor="middle">` +
        `${sessions.toLocaleString('en')}</text>`,
    );
  body.push(
    `<text x="${left + width / 2}" y="${top + height + 34}" text-anchor="middle">sessions in the store (log)</text>`,
    `<text x="16" y="${top + height / 2}" transform="rotate(-90 16 ${top + height / 2})" text-anchor="middle">` +
      'mean ms per operation (log)</text>',
  );
  series.forEach((item, index) => {
    const path = item.points.map(([s, ms], i) => `${i === 0 ? 'M' : 'L'}${n(x(s))},${n(y(ms))}`).join(' ');
    const dash = item.dashed ? ' stroke-dasharray="6 4"' : '';
    body.push(`<path d="${path}" fill="none" stroke="${item.colour}" stroke-width="2"${dash}/>`);
    for (const [s, ms] of item.points)
      body.push(`<circle cx="${n(x(s))}" cy="${n(y(ms))}" r="3" fill="${item.colour}"/>`);
    const legendY = top + 10 + index * 18;
    body.push(
      `<line x1="${left + width + 16}" x2="${left + width + 44}" y1="${legendY}" y2="${legendY}" ` +
        `stroke="${item.colour}" stroke-width="2"${dash}/>`,
      `<text x="${left + width + 50}" y="${legendY + 4}">${esc(item.label)}</text>`,
    );
  });
  return frame(
    left + width + 260,
    Math.max(top + height + 48, top + 20 + series.length * 18),
    'Store cost against the number of sessions',
    body,
  );
}

function signOutChart(results: Results): string | null {
  const rows: { label: string; samples: number[] }[] = [];
  for (const item of results.pageSignOut)
    if (!isFailure(item) && item.samplesMs.length > 0)
      rows.push({ label: `page, ${item.setup}`, samples: item.samplesMs });
  const revokeAll = results.revokeAll;
  if (revokeAll !== undefined && !isFailure(revokeAll) && revokeAll.samplesMs.length > 0)
    rows.push({ label: 'revoke-all, last of 20 streams, SQLite', samples: revokeAll.samplesMs });
  if (rows.length === 0) return null;
  const [left, plot, rowHeight, top] = [330, 420, 40, 40];
  const all = rows.flatMap((row) => row.samples);
  const low = Math.min(0, ...all);
  const max = niceMax(Math.max(1_000, ...all));
  const x = (ms: number): number => left + ((ms - low) / (max - low)) * plot;
  const body: string[] = [];
  rows.forEach((row, index) => {
    const y = top + index * rowHeight + 20;
    const sorted = [...row.samples].sort((a, b) => a - b);
    const at = (p: number): number =>
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
    body.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(row.label)}</text>`);
    row.samples.forEach((ms, i) => {
      const jitter = ((i * 7) % 11) - 5;
      body.push(`<circle cx="${n(x(ms))}" cy="${y + jitter}" r="2.5" fill="#1f77b4" fill-opacity="0.5"/>`);
    });
    for (const [p, colour] of [
      [50, '#2ca02c'],
      [99, '#d62728'],
    ] as const)
      body.push(
        `<line x1="${n(x(at(p)))}" x2="${n(x(at(p)))}" y1="${y - 12}" y2="${y + 12}" ` +
          `stroke="${colour}" stroke-width="2"/>`,
      );
  });
  const axisY = top + rows.length * rowHeight + 10;
  body.push(
    `<line x1="${n(x(1_000))}" x2="${n(x(1_000))}" y1="${top}" y2="${axisY}" stroke="#d62728" stroke-dasharray="4 3"/>`,
    `<text x="${n(x(1_000))}" y="${top - 4}" text-anchor="middle" fill="#d62728">goal 1 s</text>`,
    `<line x1="${left}" x2="${left + plot}" y1="${axisY}" y2="${axisY}" stroke="#444"/>`,
  );
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max / 4) * tick;
    body.push(`<text x="${n(x(value))}" y="${axisY + 15}" text-anchor="middle">${value.toFixed(0)}</text>`);
  }
  body.push(
    `<text x="${left}" y="${axisY + 32}">ms from the revoke's answer; dots = trials, green = p50, red = p99</text>`,
  );
  return frame(left + plot + 40, axisY + 44, 'Live sign-out latency', body);
}

/** The charts this run's results can draw, by name. */
export function charts(results: Results): Partial<Record<ChartName, string>> {
  const drawn: Partial<Record<ChartName, string>> = {};
  const throughput = throughputChart(results);
  const scale = scaleChart(results);
  const signout = signOutChart(results);
  if (throughput !== null) drawn.throughput = throughput;
  if (scale !== null) drawn.scale = scale;
  if (signout !== null) drawn.signout = signout;
  return drawn;
}

/** Writes this run's charts into `dir` (docs/). */
export function writeCharts(dir: string, results: Results): void {
  for (const [name, svg] of Object.entries(charts(results)))
    writeFileSync(join(dir, CHART_FILES[name as ChartName]), svg);
}
