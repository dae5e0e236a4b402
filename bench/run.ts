/**
 * `npm run bench`: runs every benchmark and writes docs/benchmarks.md (the block between
 * `<!-- bench:start -->` and `<!-- bench:end -->`). Each part is guarded: a failure becomes an
 * error row and the run goes on. A time budget (BENCH_BUDGET_SECONDS, default 780) keeps the
 * whole command under thirteen minutes on a 2-core machine; what it skips is named in the document.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureClients } from './clients.ts';
import { measureFirefoxPopupTiming, measurePopupTiming } from './popup-timing.ts';
import { runMemory } from './memory.ts';
import { profileRequestPath } from './profile.ts';
import { runEventsBehindNginx, runEventsSqlite } from './events.ts';
import { runPropagation } from './propagation.ts';
import { connectionsPart, pageSignOutPart, revokeAllPart, streamsPart } from './run-live.ts';
import type { RunContext } from './run-live.ts';
import { leasePart } from './run-lease.ts';
import { locationPart } from './run-location.ts';
import { writeReport } from './report.ts';
import type { Results } from './report.ts';
import { LOAD, requestPathTargets, runRequestPath } from './request-path.ts';
import { openPostgresEngine, openSqliteEngine, runScale, scaleSqlitePath } from './scale.ts';
import type { Engine } from './scale.ts';
import { prepareSweepDatabase, runSweep } from './sweep.ts';
import { dropSchema } from './lib/bulk.ts';
import { ROOT } from './lib/child.ts';
import { machineInfo, postgresAnswers } from './lib/machine.ts';
import { PINNED } from './lib/pin.ts';

const PG_BASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const startedAt = Date.now();
const budgetSeconds = Number(process.env.BENCH_BUDGET_SECONDS ?? 780);
const budgetEnd = startedAt + budgetSeconds * 1000;
const parts = new Set(
  (
    process.env.BENCH_PARTS ??
    'request,lease,location,profile,propagation,events,pagesignout,streams,revokeall,memory,scale,sweep,clients,popup'
  )
    .split(',')
    .map((part) => part.trim()),
);
const docPath = join(ROOT, 'docs/benchmarks.md');
const tempDir = mkdtempSync(join(tmpdir(), 'session-control-bench-'));
const schemaPrefix = `bench_${process.pid}`;
const schemas: string[] = [];

const log = (line: string): void => {
  process.stdout.write(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
};
const secondsLeft = (): number => (budgetEnd - Date.now()) / 1000;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function pgUrl(part: string): string {
  const schema = `${schemaPrefix}_${part}`;
  schemas.push(schema);
  return `${PG_BASE}${PG_BASE.includes('?') ? '&' : '?'}schema=${schema}`;
}

const results: Results = {
  machine: machineInfo(ROOT),
  load: { ...LOAD, pinned: PINNED },
  profiles: [],
  scale: [],
  sweeps: [],
  propagation: [],
  events: [],
  pageSignOut: [],
  skipped: [],
};

function save(): void {
  results.machine.loadAverageEnd = loadavg();
  results.machine.runSeconds = (Date.now() - startedAt) / 1000;
  writeReport(docPath, results);
}

async function part(name: string, work: () => Promise<void>): Promise<void> {
  if (!parts.has(name)) return;
  log(`${name}…`);
  try {
    await work();
  } catch (error) {
    log(`${name} failed: ${message(error)}`);
    throw error;
  } finally {
    (globalThis as { gc?: () => void }).gc?.();
    save();
  }
}

async function main(): Promise<void> {
  const postgresProblem = await postgresAnswers(PG_BASE);
  if (postgresProblem !== null) log(postgresProblem);

  await part('clients', async () => {
    results.clients = measureClients();
  }).catch((error: unknown) => {
    results.clients = { error: message(error) };
  });

  await part('popup', async () => {
    results.popup = await measurePopupTiming();
  }).catch((error: unknown) => {
    results.popup = { error: message(error) };
  });

  await part('popup', async () => {
    results.popupFirefox = await measureFirefoxPopupTiming();
  }).catch((error: unknown) => {
    results.popupFirefox = { error: message(error) };
  });

  await part('request', async () => {
    results.requestPath = await runRequestPath(requestPathTargets(tempDir, pgUrl('request'), pgUrl('baseline')), log);
  }).catch((error: unknown) => {
    results.requestPath = { error: message(error) };
  });

  const run: RunContext = { results, tempDir, log, pgUrl, secondsLeft, postgresProblem };
  // Not in the default list (see connections.ts): strict and stateless SQLite at 10, 50 and 200 connections.
  await part('connections', () => connectionsPart(run)).catch(() => {});
  await part('lease', () => leasePart(run, PG_BASE, schemaPrefix)).catch(() => {});
  await part('location', () => locationPart(run)).catch(() => {});

  await part('profile', async () => {
    for (const target of ['strict', 'bare'] as const) {
      try {
        const summary = await profileRequestPath(tempDir, 4, target);
        const kept = join(tmpdir(), `session-control-${target}-request-path.cpuprofile`);
        copyFileSync(summary.file, kept);
        results.profiles.push({ ...summary, file: kept });
        log(`  ${target} profile kept at ${kept}`);
      } catch (error) {
        results.profiles.push({ target, error: message(error) });
      }
    }
  }).catch(() => {});

  await part('propagation', async () => {
    if (postgresProblem !== null) throw new Error(postgresProblem);
    const url = pgUrl('propagation');
    for (const [mode, trials, seconds] of [
      ['strict', 1000, 90],
      ['stateless', 100, 15],
    ] as const) {
      try {
        const result = await runPropagation(
          mode,
          url,
          trials,
          Date.now() + Math.min(seconds, Math.max(5, secondsLeft() - 240)) * 1000,
        );
        if (result.trials < trials)
          results.skipped.push(
            `propagation (${mode}) stopped after ${result.trials} of ${trials} trials (time budget)`,
          );
        results.propagation.push(result);
        log(
          `  ${mode}: ${result.trials} trials, ${result.acceptedAfterRevoke} accepted after revoke, ` +
            `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`,
        );
      } catch (error) {
        results.propagation.push({ mode, error: message(error) });
      }
    }
  }).catch((error: unknown) => {
    results.propagation.push({ mode: 'strict', error: message(error) });
  });

  await part('events', async () => {
    const trials = 100;
    const setups = [
      ['one instance, SQLite', () => runEventsSqlite(tempDir, trials, Date.now() + 30_000)],
      [
        'two instances, PostgreSQL, behind nginx',
        () => {
          if (postgresProblem !== null) throw new Error(postgresProblem);
          return runEventsBehindNginx(pgUrl('events'), trials, Date.now() + 40_000);
        },
      ],
    ] as const;
    for (const [setup, run] of setups) {
      try {
        const result = await run();
        if (result.trials < trials)
          results.skipped.push(`events (${setup}) stopped after ${result.trials} of ${trials} trials (time cap)`);
        results.events.push(result);
        log(
          `  ${setup}: ${result.trials} trials, ${result.withinPromise} within 2 s, ` +
            `after the answer p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ` +
            `max ${result.maxMs.toFixed(2)} ms; since sent p50 ${result.sentP50Ms.toFixed(2)} ms, ` +
            `p99 ${result.sentP99Ms.toFixed(2)} ms`,
        );
      } catch (error) {
        results.events.push({ setup, error: message(error) });
      }
    }
  }).catch(() => {});

  await part('pagesignout', () => pageSignOutPart(run)).catch(() => {});
  await part('streams', () => streamsPart(run)).catch(() => {});
  await part('revokeall', () => revokeAllPart(run)).catch(() => {});

  await part('memory', async () => {
    const churnSeconds = Math.min(90, Math.max(20, secondsLeft() - 260));
    results.memory = await runMemory(20_000, Date.now() + churnSeconds * 1000);
    if (results.memory.churnOperations < 20_000) {
      results.skipped.push(
        `memory churn stopped at ${results.memory.churnOperations} of 20,000 sign-in/sign-out pairs ` +
          `(${churnSeconds.toFixed(0)} s cap)`,
      );
    }
    const memory = results.memory;
    log(
      `  memory: idle ${memory.idleMiB.toFixed(1)} MiB, churn ${memory.churnOperations} ops, ` +
        `heap after GC ${memory.idleHeapAfterGcMiB.toFixed(1)} → ${memory.afterChurnGc.heapAfterGcMiB.toFixed(1)} MiB`,
    );
  }).catch((error: unknown) => {
    results.memory = { error: message(error) };
  });

  await part('scale', async () => {
    const levels = [10_000, 100_000, 1_000_000];
    let engine: Engine | null = null;
    try {
      engine = await openSqliteEngine(scaleSqlitePath(tempDir));
      results.scale.push(await runScale(engine, levels, log, budgetEnd - 200_000));
    } catch (error) {
      results.scale.push({ error: `SQLite: ${message(error)}` });
    } finally {
      await engine?.store.close();
      await engine?.bulk.close();
      rmSync(scaleSqlitePath(tempDir), { force: true });
    }
    save();
    if (postgresProblem !== null) {
      results.scale.push({ error: `PostgreSQL: ${postgresProblem}` });
      return;
    }
    engine = null;
    try {
      const schema = `${schemaPrefix}_scale`;
      schemas.push(schema);
      engine = await openPostgresEngine(PG_BASE, schema);
      // The 1M level needs about a minute here; it starts only if the sweeps still fit after it.
      results.scale.push(await runScale(engine, levels, log, budgetEnd - 150_000));
    } catch (error) {
      results.scale.push({ error: `PostgreSQL: ${message(error)}` });
    } finally {
      await engine?.store.close();
      await engine?.bulk.close();
      await dropSchema(PG_BASE, `${schemaPrefix}_scale`).catch(() => {});
    }
    for (const rows of results.scale) {
      if (Array.isArray(rows))
        for (const row of rows)
          if (!Number.isFinite(row.loadSeconds))
            results.skipped.push(`scale ${row.engine} ${row.sessions.toLocaleString('en')} sessions (time budget)`);
    }
  }).catch(() => {});

  await part('sweep', async () => {
    for (const engine of ['SQLite', 'PostgreSQL'] as const) {
      if (secondsLeft() < (engine === 'SQLite' ? 100 : 80)) {
        results.skipped.push(`sweep on ${engine} (time budget)`);
        continue;
      }
      try {
        if (engine === 'PostgreSQL' && postgresProblem !== null) throw new Error(postgresProblem);
        let url: string;
        if (engine === 'SQLite') {
          const path = join(tempDir, 'sweep.db');
          await prepareSweepDatabase(engine, { path });
          url = `sqlite:${path}`;
        } else {
          url = pgUrl('sweep');
          await prepareSweepDatabase(engine, { url: PG_BASE, schema: `${schemaPrefix}_sweep` });
        }
        results.sweeps.push(await runSweep(engine, url, log));
      } catch (error) {
        results.sweeps.push({ engine, error: message(error) });
      } finally {
        save();
      }
    }
  }).catch(() => {});
}

try {
  await main();
} finally {
  for (const schema of new Set(schemas)) await dropSchema(PG_BASE, schema).catch(() => {});
  rmSync(tempDir, { recursive: true, force: true });
  save();
  log(`wrote ${docPath}`);
}
