/** Report section: live sign-out (issue 11, item 5) — the page, idle streams' memory, revoke-all. */
import { fixed, median } from './lib/stats.ts';
import { PAGE_GOAL_MS } from './page-signout.ts';
import type { Results } from './report-format.ts';
import { escapeCell, isFailure, ms } from './report-format.ts';
import { STREAM_GOAL_KIB, STREAM_RATIO_GOAL } from './stream-memory.ts';

const tick = (ok: boolean): string => (ok ? ' ✅' : ' ❌');
const rounds = (values: readonly number[]): string => values.map((value) => value.toFixed(0)).join(', ');

export function liveSignOutSection(results: Results, chart: string | null): string[] {
  const { pageSignOut, streams, revokeAll } = results;
  if (pageSignOut.length === 0 && streams === undefined && revokeAll === undefined) return [];
  return [
    '### Live sign-out (issue 11)',
    '',
    ...pageLines(results),
    ...(chart === null ? [] : [`![Live sign-out latency per trial](${chart})`, '']),
    ...streamLines(results),
    ...revokeAllLines(results),
  ];
}

function pageLines(results: Results): string[] {
  if (results.pageSignOut.length === 0) return [];
  const lines = [
    "#### Revoke → the revoked device's open dashboard shows the signed-out screen",
    '',
    'bench/page-signout.ts: the built dashboard (`/account/security`) open in headless Chromium (Debian ' +
      '`chromium`, playwright-core), signed in as "Chrome on Windows" with its own session (cookie mode). Each ' +
      'trial loads the page, waits until its `GET /api/events` answered 200, then revokes that session from ' +
      'another session of the same user (`DELETE /api/sessions/:id` from the bench process) and times from the ' +
      "moment that call returned to the moment the page shows the signed-out screen (the sign-in page's alert " +
      '"Signed out from Firefox on Linux. Sign in again."), read inside the page: a MutationObserver installed ' +
      "before the page's scripts notes `Date.now()` when the alert enters the DOM, and again at the next " +
      'animation frame. Both sides read the same system clock, in whole milliseconds. Behind nginx (the ' +
      'docs/deploy.md config, round robin over two instances on one PostgreSQL schema) the revokes alternate ' +
      "between the instances; the page's stream lands where the round robin puts it. " +
      `Goal: p99 ≤ ${PAGE_GOAL_MS} ms.`,
    '',
    '| Setup | Trials | ≤ 1 s | p50 ms | p99 ms | max ms | next frame p50 / p99 ms | since sent p50 / p99 ms | ' +
      'stream and revoke on one instance |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const item of results.pageSignOut) {
    if (isFailure(item)) {
      lines.push(`| ${item.setup} | error: ${escapeCell(item.error)} | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${item.setup} | ${item.trials}${item.missed > 0 ? ` (${item.missed} not shown within 5 s)` : ''} | ` +
        `${item.withinGoal} | ${ms(item.p50Ms)} | ` +
        `${ms(item.p99Ms)}${item.trials > 0 ? tick(item.p99Ms <= PAGE_GOAL_MS) : ''} | ${ms(item.maxMs)} | ` +
        `${ms(item.frameP50Ms)} / ${ms(item.frameP99Ms)} | ${ms(item.sentP50Ms)} / ${ms(item.sentP99Ms)} | ` +
        `${item.sameInstance === null ? '—' : `${item.sameInstance} of ${item.trials}`} |`,
    );
  }
  lines.push('');
  return lines;
}

function streamLines(results: Results): string[] {
  const data = results.streams;
  if (data === undefined) return [];
  const title = '#### Idle event streams: memory per stream, and `GET /api/me` with them open';
  if (isFailure(data)) return [title, '', `_Failed: ${escapeCell(data.error)}_`, ''];
  const perStream = Math.max(data.heapKiBPerStream, data.rssKiBPerStream);
  const noneAll = [...data.noneRps, ...data.noneAfterRps];
  const statuses = Object.entries(data.statuses)
    .map(([status, count]) => `${status}: ${count.toLocaleString('en')}`)
    .join(', ');
  return [
    title,
    '',
    `bench/stream-memory.ts: one strict-mode instance on a SQLite file holding ${data.streams.toLocaleString('en')} ` +
      "bulk-loaded sessions (ten per user), each with an access token signed by the store's own key. A separate " +
      `load process (bench/stream-load.ts, open-file limit ${fixed(data.fdLimit)}; \`ulimit -n\` must exceed the ` +
      'stream count) opens one idle stream per session. Memory is read in the server by the preloaded probe ' +
      "(full GC, then `process.memoryUsage()`) before and with the streams open; the kernel's socket buffers are " +
      'not in RSS. `MAX_EVENT_STREAMS` is raised by 100 above the stream count (its default is exactly 10,000). ' +
      `Opening them took ${fixed(data.openSeconds, 1)} s (answers: ${statuses}). Goal: ≤ ${STREAM_GOAL_KIB} KiB ` +
      'per stream (judged on the larger of heap and RSS).',
    '',
    `| | no streams | ${data.opened.toLocaleString('en')} streams open | per stream |`,
    '|---|---:|---:|---:|',
    `| V8 heap after full GC, MiB | ${fixed(data.before.heapAfterGcMiB, 1)} | ` +
      `${fixed(data.after.heapAfterGcMiB, 1)} | ${fixed(data.heapKiBPerStream, 1)} KiB |`,
    `| RSS after full GC, MiB | ${fixed(data.before.rssMiB, 1)} | ${fixed(data.after.rssMiB, 1)} | ` +
      `${fixed(data.rssKiBPerStream, 1)} KiB${tick(perStream <= STREAM_GOAL_KIB)} |`,
    `| RSS without a GC first, MiB | ${fixed(data.rssMiB[0], 1)} | ${fixed(data.rssMiB[1], 1)} | |`,
    `| open file descriptors of the server | ${data.serverFds[0]} | ${data.serverFds[1]} | |`,
    '',
    `\`GET /api/me\` (autocannon, ${results.load.connections} connections, ${results.load.durationSeconds} s rounds) ` +
      'in the same run: rounds with no streams, with the streams open, and with none again after they closed. ' +
      `Goal: ≥ ${STREAM_RATIO_GOAL.toFixed(2)}× with them open.`,
    '',
    '| | req/s per round | median |',
    '|---|---|---:|',
    `| no streams | ${rounds(data.noneRps)} | ${fixed(median(data.noneRps))} |`,
    `| ${data.opened.toLocaleString('en')} streams open | ${rounds(data.openRps)} | ${fixed(median(data.openRps))} |`,
    `| no streams, after they closed | ${rounds(data.noneAfterRps)} | ${fixed(median(data.noneAfterRps))} |`,
    `| **open ÷ none (both "none" rows)** | | **${fixed(data.ratio, 2)}×**${tick(data.ratio >= STREAM_RATIO_GOAL)} ` +
      `(none: ${fixed(median(noneAll))}) |`,
    '',
    ...(data.endedByServer > 0
      ? [`${data.endedByServer} streams were ended by the server while they should have stayed open.`, '']
      : []),
  ];
}

function revokeAllLines(results: Results): string[] {
  const data = results.revokeAll;
  if (data === undefined) return [];
  const title = '#### Revoke-all of a user with 20 open streams';
  if (isFailure(data)) return [title, '', `_Failed: ${escapeCell(data.error)}_`, ''];
  return [
    title,
    '',
    `bench/revoke-all-streams.ts: each trial signs ${data.streamsPerTrial} sessions of one user in (header mode) ` +
      'and opens a stream for each (the raw client, server/testing/event-stream-client.ts), then a freshly signed-in ' +
      'session of the same user calls `DELETE /api/sessions?scope=others`; the time runs from that call returning ' +
      'to the last of the streams parsing `session-ended` (negative: before the answer arrived). One strict ' +
      'instance on SQLite.',
    '',
    '| Setup | Trials | all notified | last stream p50 ms | p99 ms | max ms | since sent p50 / p99 ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| ${data.setup} | ${data.trials} | ${data.allNotified}${tick(data.allNotified === data.trials)} | ` +
      `${ms(data.p50Ms)} | ${ms(data.p99Ms)} | ${ms(data.maxMs)} | ${ms(data.sentP50Ms)} / ${ms(data.sentP99Ms)} |`,
    '',
  ];
}
