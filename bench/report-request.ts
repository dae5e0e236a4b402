/** Report sections: request-path throughput (with the baseline build) and where the time goes. */
import type { ProfileSummary } from './profile.ts';
import type { TargetResult } from './request-path.ts';
import { fixed, median } from './lib/stats.ts';
import type { Results } from './report-format.ts';
import { escapeCell, isFailure } from './report-format.ts';

export function requestPathSection(results: Results): string[] {
  const lines = ['### 1. Request path: authenticated `GET /api/me`', ''];
  const { load } = results;
  lines.push(
    `Each target is a separate \`node\` process; autocannon runs in the bench process with ${load.connections} ` +
      `connections, ` +
      `${load.durationSeconds} s per round after a ${load.warmupSeconds} s warm-up, ${load.rounds} interleaved ` +
      `rounds (the order rotates each round). ` +
      'Session Control targets are `dist/node/server/main.js` with `PASSWORD_HASH_COST=test`, ' +
      '`ACCESS_TOKEN_TTL_SECONDS=3600`, `NODE_ENV=production`; ' +
      'the request carries the access cookie of a user signed up just before. The baseline is ' +
      '`bench/bare-server.ts`: `express()` with one ' +
      "`app.get('/api/me', (req, res) => res.json({user: {id: 'u', email: 'e@x.y'}}))`. req/s counts 2xx " +
      'responses only; ' +
      'the figures are medians over the rounds (p99 is the median of the per-round p99s; autocannon measures ' +
      'latency in whole milliseconds). The reference row (`BARE_RESPONSE=full`) answers with the same ' +
      'headers and a body of the same shape as our `/api/me` without any authentication: it shows how much of the ' +
      'gap is the response itself. The floor row is bench/node-http-server.ts: plain `node:http`, no framework, ' +
      'sending the same bytes as the baseline (body, `X-Powered-By`, `Content-Type`, `Content-Length`, the same ' +
      'weak ETag computed per request); "× `node:http`" says how much of the remaining cost is Express and how much ' +
      "is ours. The spread column is each round's ratio to the baseline's round of the same index (the rounds " +
      'follow each other closely), min / median / max over the rounds: a wide spread is noise, not a difference.' +
      (load.pinned === true
        ? ' This run was pinned (`BENCH_PIN=1`): autocannon on CPU 0, every target on CPU 1 (`taskset -a -p`).'
        : ''),
    '',
  );
  const data = results.requestPath;
  if (data === undefined) return [...lines, '_Not run._', ''];
  if (isFailure(data)) return [...lines, `_Failed: ${escapeCell(data.error)}_`, ''];
  const bare = data.find((item) => item.key === 'bare');
  const floor = data.find((item) => item.key === 'node-http');
  const bareRps = bare === undefined ? Number.NaN : median(bare.requestsPerSecond);
  const floorRps = floor === undefined ? Number.NaN : median(floor.requestsPerSecond);
  lines.push(
    '| Target | req/s (median) | × bare | target | × bare per round: min / median / max | × `node:http` | ' +
      'p50 ms | p99 ms | req/s per round | non-2xx + errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|',
  );
  for (const item of data) {
    const rps = median(item.requestsPerSecond);
    const ratio = rps / bareRps;
    const goal = item.goal === null ? '—' : `≥ ${item.goal.toFixed(2)}×`;
    const verdict = item.goal === null || !Number.isFinite(ratio) ? '' : ratio >= item.goal ? ' ✅' : ' ❌';
    const rounds = item.requestsPerSecond.map((value) => value.toFixed(0)).join(', ');
    const cells =
      item.error !== undefined && item.requestsPerSecond.length === 0
        ? [`error: ${escapeCell(item.error)}`, '', goal, '', '', '', '', '', '']
        : [
            fixed(rps),
            `${item.key === 'bare' ? '1.00×' : `${fixed(ratio, 2)}×`}${verdict}`,
            goal,
            item.key === 'bare' || bare === undefined ? '—' : spread(perRoundRatios(item, bare)),
            item.key === 'node-http' ? '1.00×' : `${fixed(rps / floorRps, 2)}×`,
            fixed(median(item.p50Ms)),
            fixed(median(item.p99Ms)),
            rounds,
            String(item.failures) + (item.error === undefined ? '' : ` (error: ${escapeCell(item.error)})`),
          ];
    lines.push(`| ${item.label} | ${cells.join(' | ')} |`);
  }
  lines.push('', ...baselineComparison(data));
  return lines;
}

/**
 * A target's rounds over the reference's rounds of the same index: the rounds of all targets follow each
 * other closely (interleaved), so each ratio cancels slow drifts in machine load.
 */
export function perRoundRatios(item: TargetResult, reference: TargetResult): number[] {
  return item.requestsPerSecond
    .map((value, index) => value / (reference.requestsPerSecond[index] ?? Number.NaN))
    .filter(Number.isFinite);
}

/** "min / median / max" of ratios, or "—". */
export function spread(ratios: readonly number[]): string {
  if (ratios.length === 0) return '—';
  return `${fixed(Math.min(...ratios), 2)}× / ${fixed(median(ratios), 2)}× / ${fixed(Math.max(...ratios), 2)}×`;
}

/** This build against the baseline build of the same target (BENCH_BASELINE_MAIN), round by round. */
export function baselineComparison(data: readonly TargetResult[]): string[] {
  const pairs = data.flatMap((item) => {
    const baseline = data.find((other) => other.key === `${item.key}-baseline`);
    return baseline === undefined ? [] : [[item, baseline] as const];
  });
  if (pairs.length === 0) return [];
  const lines = [
    'This build against the baseline build (`BENCH_BASELINE_MAIN`), in the same rounds:',
    '',
    '| Target | this build, req/s | baseline build, req/s | ratio of medians | per-round ratios (min – max) |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [item, baseline] of pairs) {
    const perRound = perRoundRatios(item, baseline);
    const ratio = median(item.requestsPerSecond) / median(baseline.requestsPerSecond);
    const spread =
      perRound.length === 0 ? '' : `${fixed(Math.min(...perRound), 2)}× – ${fixed(Math.max(...perRound), 2)}×`;
    const cells = [
      fixed(median(item.requestsPerSecond)),
      fixed(median(baseline.requestsPerSecond)),
      `${fixed(ratio, 2)}×`,
      spread,
    ];
    lines.push(`| ${item.label} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

export function profileSection(results: Results): string[] {
  const lines = ['#### Where the time goes (`node --cpu-prof`)', ''];
  const ok = results.profiles.filter((item): item is ProfileSummary => !isFailure(item));
  for (const item of results.profiles) {
    if ('error' in item) lines.push(`_Profile of ${item.target} failed: ${escapeCell(item.error)}_`, '');
  }
  const strict = ok.find((item) => item.target === 'strict');
  const bare = ok.find((item) => item.target === 'bare');
  if (strict === undefined) return [...lines, '_No profile of the strict-mode server._', ''];
  const perRequest = (summary: ProfileSummary, selfMs: number): string => fixed((selfMs * 1000) / summary.requests, 1);
  lines.push(
    `The strict-mode SQLite server and the bare baseline, each profiled alone under the same load ` +
      `(strict: ${fixed(strict.requestsPerSecond)} req/s, ${strict.requests.toLocaleString('en')} requests` +
      (bare === undefined
        ? ''
        : `; bare: ${fixed(bare.requestsPerSecond)} req/s, ${bare.requests.toLocaleString('en')} requests`) +
      '). Only samples taken during the measured load count (start-up, sign-up and warm-up are left out). Self ' +
      'time of the strict server, top functions:',
    '',
    '| Function | Where | self ms | % | µs per request |',
    '|---|---|---:|---:|---:|',
  );
  for (const row of strict.functions.slice(0, 15)) {
    lines.push(
      `| \`${escapeCell(row.name)}\` | ${escapeCell(row.where)} | ${fixed(row.selfMs)} | ${fixed(row.percent, 1)} ` +
        `| ${perRequest(strict, row.selfMs)} |`,
    );
  }
  lines.push(
    '',
    'Self time per request by package (`ours: …` is our compiled code under dist/node; `(idle)` is time the ' +
      'process waited):',
    '',
  );
  lines.push('| Package | strict µs/request | bare µs/request |', '|---|---:|---:|');
  const names = new Set([
    ...strict.packages.slice(0, 14).map((row) => row.name),
    ...(bare?.packages.slice(0, 8).map((row) => row.name) ?? []),
  ]);
  for (const name of names) {
    const mine = strict.packages.find((row) => row.name === name);
    const theirs = bare?.packages.find((row) => row.name === name);
    lines.push(
      `| ${escapeCell(name)} | ${mine === undefined ? '0' : perRequest(strict, mine.selfMs)} | ` +
        `${bare === undefined ? 'n/a' : theirs === undefined ? '0' : perRequest(bare, theirs.selfMs)} |`,
    );
  }
  const busy = (summary: ProfileSummary): number =>
    summary.packages.filter((row) => row.name !== '(idle)').reduce((sum, row) => sum + row.selfMs, 0);
  lines.push(
    `| **all but (idle)** | **${perRequest(strict, busy(strict))}** | ` +
      `**${bare === undefined ? 'n/a' : perRequest(bare, busy(bare))}** |`,
    '',
  );
  return lines;
}
