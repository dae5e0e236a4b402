/**
 * Renders the benchmark results as Markdown and writes them into docs/benchmarks.md between
 * `<!-- bench:start -->` and `<!-- bench:end -->`, leaving everything else in the file (other
 * sections, such as client timings written by other tools) as it is.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BundleRow } from './clients.ts';
import type { PopupTiming } from './popup-timing.ts';
import type { MemoryResult } from './memory.ts';
import type { ProfileSummary } from './profile.ts';
import type { PropagationResult } from './propagation.ts';
import type { TargetResult } from './request-path.ts';
import type { ScaleLevel } from './scale.ts';
import { OPERATION_COUNTS, SCALE_OPERATIONS } from './scale.ts';
import type { SweepResult } from './sweep.ts';
import { SWEEP } from './sweep.ts';
import type { LatencySummary } from './lib/stats.ts';
import { fixed, median } from './lib/stats.ts';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  versions: Record<string, string>;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  runSeconds: number;
}

export interface Failure<T> {
  error: string;
  partial?: T;
}

export interface Results {
  machine: MachineInfo;
  load: { connections: number; durationSeconds: number; rounds: number; warmupSeconds: number };
  requestPath?: TargetResult[] | Failure<never>;
  profiles: (ProfileSummary | (Failure<never> & { target: string }))[];
  scale: (ScaleLevel[] | Failure<never>)[];
  sweeps: (SweepResult | (Failure<never> & { engine: string }))[];
  propagation: (PropagationResult | (Failure<never> & { mode: string }))[];
  memory?: MemoryResult | Failure<never>;
  clients?: BundleRow[] | Failure<never>;
  popup?: PopupTiming | Failure<never>;
  popupFirefox?: PopupTiming | Failure<never>;
  skipped: string[];
}

function isFailure(value: unknown): value is Failure<never> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    !('trials' in value) &&
    !('swept' in value) &&
    !('idleMiB' in value)
  );
}

const ms = (value: number): string =>
  Number.isFinite(value) ? (value >= 10 ? value.toFixed(0) : value.toFixed(2)) : 'n/a';
const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 300);

function requestPathSection(results: Results): string[] {
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
      'gap is the response itself.',
    '',
  );
  const data = results.requestPath;
  if (data === undefined) return [...lines, '_Not run._', ''];
  if (isFailure(data)) return [...lines, `_Failed: ${escapeCell(data.error)}_`, ''];
  const bare = data.find((item) => item.key === 'bare');
  const bareRps = bare === undefined ? Number.NaN : median(bare.requestsPerSecond);
  lines.push(
    '| Target | req/s (median) | × bare | target | × bare, median of per-round ratios | p50 ms | p99 ms | req/s ' +
      'per round | non-2xx + errors |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|',
  );
  for (const item of data) {
    const rps = median(item.requestsPerSecond);
    const ratio = rps / bareRps;
    const goal = item.goal === null ? '—' : `≥ ${item.goal.toFixed(2)}×`;
    const verdict = item.goal === null || !Number.isFinite(ratio) ? '' : ratio >= item.goal ? ' ✅' : ' ❌';
    const rounds = item.requestsPerSecond.map((value) => value.toFixed(0)).join(', ');
    // Rounds of a target and of bare follow each other closely, so their ratio cancels slow drifts in machine load.
    const perRound =
      bare === undefined
        ? []
        : item.requestsPerSecond
            .map((value, index) => value / (bare.requestsPerSecond[index] ?? Number.NaN))
            .filter(Number.isFinite);
    const cells =
      item.error !== undefined && item.requestsPerSecond.length === 0
        ? [`error: ${escapeCell(item.error)}`, '', goal, '', '', '', '', '']
        : [
            fixed(rps),
            `${item.key === 'bare' ? '1.00×' : `${fixed(ratio, 2)}×`}${verdict}`,
            goal,
            item.key === 'bare' ? '—' : `${fixed(median(perRound), 2)}×`,
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

/** This build against the baseline build of the same target (BENCH_BASELINE_MAIN), round by round. */
function baselineComparison(data: readonly TargetResult[]): string[] {
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
    const perRound = item.requestsPerSecond
      .map((value, index) => value / (baseline.requestsPerSecond[index] ?? Number.NaN))
      .filter(Number.isFinite);
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

function profileSection(results: Results): string[] {
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

function cell(value: LatencySummary | { error: string } | undefined): string {
  if (value === undefined) return '—';
  if ('error' in value) return `error: ${escapeCell(value.error)}`;
  return `${fixed(value.opsPerSecond)} (${ms(value.p50Ms)} / ${ms(value.p99Ms)})`;
}

function scaleSection(results: Results): string[] {
  const counts = SCALE_OPERATIONS.map((operation) => `${operation} ×${OPERATION_COUNTS[operation]}`).join(', ');
  const lines = [
    '### 2. Scale: the store with 10k, 100k and 1M sessions',
    '',
    'Ten sessions per user (so 1M sessions = 100k users), bulk-loaded with set-based SQL and then `ANALYZE`d; ' +
      'each size adds to the previous one. ' +
      'Operations run one after another from a single caller against the store (`server/storage/*`), so ops/s = ' +
      '1000 / mean latency. ' +
      '"revoke one" is what `DELETE /api/sessions/:id` does (find the session, delete it); "revoke all" deletes ' +
      'every session of a user who has 1,000; ' +
      '"refresh" is `exchangeRefreshToken`; "sign-in" is `signIn()` from server/session/accounts.ts with ' +
      '`PASSWORD_HASH_COST=test` ' +
      `(scrypt N=2^10, so most of its time is the hash). Samples per size: ${counts}.`,
    '',
    'Cells: ops/s (p50 ms / p99 ms).',
    '',
    `| Engine | Sessions | Load s | ${SCALE_OPERATIONS.join(' | ')} |`,
    `|---|---:|---:|${SCALE_OPERATIONS.map(() => '---').join('|')}|`,
  ];
  for (const engine of results.scale) {
    if (isFailure(engine)) {
      lines.push(`| error: ${escapeCell(engine.error)} | | | ${SCALE_OPERATIONS.map(() => '').join(' | ')} |`);
      continue;
    }
    for (const level of engine) {
      const loaded = Number.isFinite(level.loadSeconds) ? fixed(level.loadSeconds, 1) : 'skipped (time budget)';
      lines.push(
        `| ${level.engine} | ${level.sessions.toLocaleString('en')} | ${loaded} | ` +
          `${SCALE_OPERATIONS.map((operation) => cell(level.results[operation])).join(' | ')} |`,
      );
    }
  }
  lines.push('');
  return lines;
}

function sweepSection(results: Results): string[] {
  const lines = [
    '#### Sweeping 500,000 expired sessions while serving requests',
    '',
    'A server wired like server/main.ts (bench/sweep-server.ts) holds 100,000 live and 500,000 expired sessions ' +
      'and serves `GET /api/me` ' +
      `(same autocannon load as part 1). It sweeps once with the background sweeper ` +
      `(\`startSweeper().sweepOnce()\`, batches of ${SWEEP.batchSize.toLocaleString('en')}, yielding between ` +
      `batches) ` +
      'on its own event loop; the load runs for exactly as long as the sweep.',
    '',
    '| Engine | Rows swept | Sweep s | rows/s | req/s before | req/s during | p99 ms before | p99 ms during | max ' +
      'ms during | note |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const sweep of results.sweeps) {
    if (isFailure(sweep)) {
      lines.push(`| ${sweep.engine} | error: ${escapeCell(sweep.error)} | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${sweep.engine} | ${sweep.swept.toLocaleString('en')} | ${fixed(sweep.sweepSeconds, 1)} | ` +
        `${fixed(sweep.swept / sweep.sweepSeconds)} | ${fixed(sweep.before.requestsPerSecond)} | ` +
        `${fixed(sweep.during.requestsPerSecond)} | ${ms(sweep.before.p99Ms)} | ${ms(sweep.during.p99Ms)} | ` +
        `${ms(sweep.during.maxMs)} | ${sweep.error === undefined ? '' : escapeCell(sweep.error)} |`,
    );
  }
  lines.push('');
  return lines;
}

function propagationSection(results: Results): string[] {
  const lines = [
    '### 3. Revocation propagation across two instances (PostgreSQL)',
    '',
    'Two `server/main.js` processes, A and B, on one PostgreSQL schema. Each trial: sign in on A (cookie mode), ' +
      '`GET /api/me` on B (200: B has verified the token), ' +
      '`POST /auth/signout` on A, and from the moment that call returned, `GET /api/me` on B until B answers 401 ' +
      '(giving up after 1 s). ' +
      'The time is from the sign-out response on A to the 401 from B, so it includes one HTTP round trip to B.',
    '',
    '| Mode | Trials | Accepted on B after the revoke returned | Never refused | p50 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const item of results.propagation) {
    if (isFailure(item)) {
      lines.push(`| ${item.mode} | error: ${escapeCell(item.error)} | | | | | |`);
      continue;
    }
    const note =
      item.mode === 'stateless'
        ? ' (expected: tokens live until `exp`)'
        : item.acceptedAfterRevoke === 0
          ? ' ✅'
          : ' ❌';
    lines.push(
      `| ${item.mode} | ${item.trials} | ${item.acceptedAfterRevoke}${note} | ${item.neverRefused} | ` +
        `${ms(item.p50Ms)} | ${ms(item.p99Ms)} | ${ms(item.maxMs)} |`,
    );
  }
  lines.push('');
  return lines;
}

function memorySection(results: Results): string[] {
  const lines = ['### 4. Memory (RSS of one strict-mode SQLite instance, `dist/node/server/main.js`)', ''];
  const data = results.memory;
  if (data === undefined) return [...lines, '_Not run._', ''];
  if (isFailure(data)) return [...lines, `_Failed: ${escapeCell(data.error)}_`, ''];
  const churn = data.churn
    .map(([operations, rss]) => `${operations.toLocaleString('en')}: ${fixed(rss, 1)}`)
    .join(' → ');
  const half = Math.ceil(data.churn.length / 2);
  const range = (samples: [number, number][]): string => {
    const values = samples.map(([, rss]) => rss);
    return `${fixed(Math.min(...values), 0)}–${fixed(Math.max(...values), 0)} MiB`;
  };
  lines.push(
    '| State | RSS MiB |',
    '|---|---:|',
    `| idle, after start and 40 sign-ups (DATABASE_URL=sqlite::memory:, see below) | ${fixed(data.idleMiB, 1)} |`,
    `| peak under the part-1 load (${results.load.durationSeconds} s) | ${fixed(data.underLoadMiB, 1)} |`,
    `| right after that load | ${fixed(data.afterLoadMiB, 1)} |`,
    `| after churn: ${data.churnOperations.toLocaleString('en')} sign-ins + sign-outs in ` +
      `${fixed(data.churnSeconds, 0)} s (8 concurrent clients) | ${fixed(data.churn.at(-1)?.[1] ?? Number.NaN, 1)} |`,
    `| peak under the same load after churn | ${fixed(data.afterChurnLoadMiB, 1)} |`,
    '',
    'Live memory, measured by a preloaded probe (bench/gc-probe.ts: `--expose-gc`, a full GC on SIGUSR2, then ' +
      '`process.memoryUsage()`):',
    '',
    '| Operations done | V8 heap after full GC, MiB | RSS after it, MiB |',
    '|---:|---:|---:|',
    `| 0 (idle) | ${fixed(data.idleHeapAfterGcMiB, 1)} | |`,
    ...data.gcSamples.map(
      (sample) =>
        `| ${sample.operations.toLocaleString('en')} | ${fixed(sample.heapAfterGcMiB, 1)} | ` +
        `${fixed(sample.rssMiB, 1)} |`,
    ),
    `| ${data.afterChurnGc.operations.toLocaleString('en')} (end of churn) | ` +
      `${fixed(data.afterChurnGc.heapAfterGcMiB, 1)} | ${fixed(data.afterChurnGc.rssMiB, 1)} |`,
    '',
    (() => {
      const late = [...data.gcSamples, data.afterChurnGc]
        .filter((sample) => sample.operations >= data.churnOperations / 2)
        .map((sample) => sample.heapAfterGcMiB);
      if (late.length < 2) return 'Too few probe samples in the second half of the churn to judge the trend.';
      const spread = Math.max(...late) - Math.min(...late);
      return (
        `Live heap over the second half of the churn: ` +
        `${fixed(Math.min(...late), 1)}–${fixed(Math.max(...late), 1)} MiB (spread ${fixed(spread, 1)} MiB). ` +
        'The early rise is the bounded caches filling (verified access tokens: at most 10,000; activity ' +
        'timestamps: at most 50,000).'
      );
    })(),
    '',
    `RSS during churn (operations done: MiB): ${churn}.`,
    '',
    `RSS ranged ${range(data.churn.slice(0, half))} over the first half of the churn and ` +
      `${range(data.churn.slice(half))} over the second ` +
      '(V8 collects in steps, so it moves in a saw-tooth; a leak would show as a rising floor). The instance uses ' +
      'an in-memory SQLite database so that churn is limited by ' +
      'the server, not by fsync (on a file database with `synchronous=FULL` each sign-in and sign-out waits for ' +
      'the disk, tens of pairs per second on this machine).',
    '',
  );
  return lines;
}

function clientsSection(results: Results): string[] {
  const lines = ['### 5. Client bundles (gzip -9 of the built files)', ''];
  const data = results.clients;
  if (data === undefined) return [...lines, '_Not run._', ''];
  if (isFailure(data)) return [...lines, `_Failed: ${escapeCell(data.error)}_`, ''];
  if (data.length === 0) return [...lines, '_No built clients found under dist/._', ''];
  lines.push('| Bundle | Files | raw KiB | gzip KiB |', '|---|---|---:|---:|');
  for (const row of data)
    lines.push(
      `| ${row.name} | ${row.files.map((file) => `\`${file}\``).join('<br>')} | ${fixed(row.rawBytes / 1024, 1)} ` +
        `| ${fixed(row.gzipBytes / 1024, 1)} |`,
    );
  lines.push('', ...popupLines(results.popup, results.popupFirefox));
  return lines;
}

function popupLines(chromium: Results['popup'], firefox: Results['popupFirefox']): string[] {
  const lines = ['#### Opening the popup', ''];
  if (chromium === undefined && firefox === undefined) return [...lines, '_Not run._', ''];
  const row = (name: string, data: PopupTiming | Failure<never> | undefined): string => {
    if (data === undefined) return `| ${name} | _not run_ | | | |`;
    if (isFailure(data)) return `| ${name} | _failed: ${escapeCell(data.error)}_ | | | |`;
    const samples = data.drawnMs.map((ms) => Math.round(ms)).join(', ');
    const medians = `**${fixed(data.drawnMedianMs, 1)}** | ${fixed(data.freshMedianMs, 1)}`;
    return `| ${name} | ${data.opens} | ${medians} | ${samples} |`;
  };
  return [
    ...lines,
    'The built extension against a local server (bench/popup-timing.ts), opened as `popup.html` in a new tab ' +
      'after a first open that fills its cache; times from navigation start, read inside the page. ' +
      "**Chromium** (Debian `chromium`, headless): the Chrome build, signed in with the browser's cookies; " +
      'drawn = the first session row entering the DOM (a MutationObserver). **Firefox** (Debian `firefox-esr`, ' +
      'headless, puppeteer-core over WebDriver BiDi): the Firefox build, signed in through its own form (header ' +
      'mode); Firefox runs no preload script in extension pages, so drawn = the `first-contentful-paint` of the ' +
      'popup, which paints its cached list first (a paint, so a frame later than a DOM insertion would be), and ' +
      'fresh = when the fresh list was first seen. Figures for this machine, not test assertions.',
    '',
    '| Browser | opens | drawn list, median ms | fresh list, median ms | drawn samples (ms) |',
    '|---|---:|---:|---:|---|',
    row('Chromium', chromium),
    row('Firefox', firefox),
    '',
  ];
}

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
      '`BENCH_BUDGET_SECONDS` (default 480), `BENCH_PARTS` (comma list of ' +
      'request,profile,propagation,memory,scale,sweep,clients,popup), `BENCH_SWEEP_BATCH_SIZE` (default 100, as the ' +
      'sweeper), `BENCH_DATABASE_URL`.',
    '- PostgreSQL: `postgres://postgres@127.0.0.1:5432/test`, a private schema per part (`?schema=bench_…`, ' +
      'dropped afterwards).',
    '',
  ];
  if (results.skipped.length > 0) lines.push(`Skipped in this run: ${results.skipped.join('; ')}.`, '');
  lines.push(
    ...requestPathSection(results),
    ...profileSection(results),
    ...scaleSection(results),
    ...sweepSection(results),
    ...propagationSection(results),
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
