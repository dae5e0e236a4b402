/** Report sections: scale to many sessions, sweeps, cross-instance propagation and live sign-out. */
import type { LatencySummary } from './lib/stats.ts';
import { fixed } from './lib/stats.ts';
import type { Results } from './report-format.ts';
import { escapeCell, isFailure, ms } from './report-format.ts';
import { OPERATION_COUNTS, SCALE_OPERATIONS } from './scale.ts';
import { SWEEP } from './sweep.ts';

export function cell(value: LatencySummary | { error: string } | undefined): string {
  if (value === undefined) return '—';
  if ('error' in value) return `error: ${escapeCell(value.error)}`;
  return `${fixed(value.opsPerSecond)} (${ms(value.p50Ms)} / ${ms(value.p99Ms)})`;
}

export function scaleSection(results: Results): string[] {
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

export function sweepSection(results: Results): string[] {
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

export function propagationSection(results: Results): string[] {
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

export function eventsSection(results: Results): string[] {
  if (results.events.length === 0) return [];
  const lines = [
    '#### Live sign-out: revoke → `session-ended` on an open stream',
    '',
    'Each trial signs a session in (header mode), opens its `GET /api/events` stream, revokes it from another ' +
      'session of the same user (`DELETE /api/sessions/:id`), and times from the moment that call returned to the ' +
      'moment the stream client (server/testing/event-stream-client.ts, not a browser) parsed `session-ended` ' +
      '(negative: the event was parsed before the answer, as the server writes it to the stream before it ' +
      'answers), and from the moment the revoke was sent. ' +
      'Behind nginx (the docs/deploy.md config, round robin over two instances on one PostgreSQL schema) the trials ' +
      'take turns so that the stream and the revoke land on the same instance or on the other one; an event on ' +
      'the other instance travels by LISTEN/NOTIFY. The contract promises 2 s through a load balancer.',
    '',
    '| Setup | Trials | Within 2 s | Parsed before the revoke answer | p50 ms | p99 ms | max ms | ' +
      'p50 ms since sent | p99 ms since sent |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const item of results.events) {
    if (isFailure(item)) {
      lines.push(`| ${item.setup} | error: ${escapeCell(item.error)} | | | | | | | |`);
      continue;
    }
    const note = item.withinPromise === item.trials ? ' ✅' : ' ❌';
    lines.push(
      `| ${item.setup} | ${item.trials} | ${item.withinPromise}${note} | ${item.beforeAnswer} | ` +
        `${ms(item.p50Ms)} | ${ms(item.p99Ms)} | ${ms(item.maxMs)} | ${ms(item.sentP50Ms)} | ${ms(item.sentP99Ms)} |`,
    );
  }
  lines.push('');
  return lines;
}
