/** Report sections: memory, client bundles, and popup timing. */
import { fixed } from './lib/stats.ts';
import type { PopupTiming } from './popup-timing.ts';
import type { Failure, Results } from './report-format.ts';
import { escapeCell, isFailure } from './report-format.ts';

export function memorySection(results: Results): string[] {
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

export function clientsSection(results: Results): string[] {
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

export function popupLines(chromium: Results['popup'], firefox: Results['popupFirefox']): string[] {
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
