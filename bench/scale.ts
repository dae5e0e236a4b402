/**
 * Part 2: the store at scale. SQLite and PostgreSQL are filled to 10k, 100k and 1M sessions
 * (ten per user) and, at each size, the operations people do are timed one after another:
 * list a user's sessions, revoke one, revoke all 1,000 sessions of a heavy user, exchange a
 * refresh token, and sign in (the accounts function, PASSWORD_HASH_COST=test).
 */
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { silentLogger } from '../server/log.ts';
import { signIn } from '../server/session/accounts.ts';
import { createSessionContext } from '../server/session/context.ts';
import type { SessionContext } from '../server/session/context.ts';
import { parseDevice } from '../server/session/device.ts';
import { hashPassword } from '../server/session/passwords.ts';
import { hashToken, newRefreshToken, newSessionId } from '../server/session/secrets.ts';
import { REMEMBERED_REFRESH_GENERATIONS } from '../server/session/sessions.ts';
import { openPostgresStore } from '../server/storage/postgres.ts';
import { openSqliteStore } from '../server/storage/sqlite.ts';
import type { SessionRecord } from '../server/session/records.ts';
import type { Store as SessionStore } from '../server/session/store.ts';
import type { BulkLoader } from './lib/bulk.ts';
import { emailOf, openPostgresBulk, openSqliteBulk, SESSIONS_PER_USER, userIdOf } from './lib/bulk.ts';
import { PASSWORD } from './lib/http.ts';
import type { LatencySummary } from './lib/stats.ts';
import { summarise, timeSequential } from './lib/stats.ts';

export const SCALE_OPERATIONS = ['list', 'revoke one', 'revoke all (1,000)', 'refresh', 'sign-in'] as const;
export type ScaleOperation = (typeof SCALE_OPERATIONS)[number];

export const OPERATION_COUNTS: Record<ScaleOperation, number> = {
  list: 1000,
  'revoke one': 300,
  'revoke all (1,000)': 10,
  refresh: 300,
  'sign-in': 200,
};

export interface ScaleLevel {
  engine: string;
  sessions: number;
  users: number;
  loadSeconds: number;
  results: Partial<Record<ScaleOperation, LatencySummary | { error: string }>>;
}

export interface Engine {
  name: 'SQLite' | 'PostgreSQL';
  store: SessionStore;
  bulk: BulkLoader;
}

export async function openSqliteEngine(path: string): Promise<Engine> {
  const store = await openSqliteStore(path);
  return { name: 'SQLite', store, bulk: openSqliteBulk(path) };
}

export async function openPostgresEngine(url: string, schema: string): Promise<Engine> {
  const store = await openPostgresStore(url, { schema });
  return { name: 'PostgreSQL', store, bulk: await openPostgresBulk(url, schema) };
}

function benchContext(store: SessionStore): Promise<SessionContext> {
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    PASSWORD_HASH_COST: 'test',
    PORT: '3000',
    DASHBOARD_DIR: '',
  });
  return createSessionContext({ store, config, log: silentLogger });
}

const randomIndex = (below: number): number => Math.floor(Math.random() * below);
const device = parseDevice('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0');

function freshSession(userId: string, now: number): SessionRecord {
  return {
    id: newSessionId(),
    userId,
    tenantId: 'public',
    createdAt: now,
    lastActiveAt: now,
    expiresAt: now + 86_400_000,
    absoluteExpiresAt: now + 7 * 86_400_000,
    authenticatedAt: now,
    refreshGeneration: 0,
    rotatedAt: now,
    device,
    ip: '198.51.100.7',
    client: 'web',
    deviceId: null,
    newDevice: false,
    countryCode: null,
  };
}

async function measure(
  operation: ScaleOperation,
  engine: Engine,
  ctx: SessionContext,
  users: number,
  heavyBase: number,
): Promise<LatencySummary> {
  const { store } = engine;
  const count = OPERATION_COUNTS[operation];
  switch (operation) {
    case 'list':
      return summarise(
        await timeSequential(count, () =>
          store.listSessionsByUser(userIdOf(randomIndex(users)), Date.now(), { tenantId: 'public' }),
        ),
      );
    case 'revoke one': {
      // What DELETE /api/sessions/:id does: find the session (ownership check), then delete it.
      const targets: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const sessions = await store.listSessionsByUser(userIdOf(randomIndex(users)), Date.now());
        const target = sessions[0];
        if (target !== undefined) targets.push(target.id);
      }
      return summarise(
        await timeSequential(targets.length, async (index) => {
          const id = targets[index] as string;
          if ((await store.findSessionById(id)) !== null)
            await store.endSessions(
              { ids: [id] },
              { at: Date.now(), reason: 'ended_by_operator', bySessionId: null, byDeviceName: null },
            );
        }),
      );
    }
    case 'revoke all (1,000)': {
      const samples: number[] = [];
      for (let round = 0; round < count; round += 1) {
        const userId = userIdOf(heavyBase);
        await engine.bulk.addSessions(heavyBase * SESSIONS_PER_USER, heavyBase * SESSIONS_PER_USER + 1000, { userId });
        samples.push(
          ...(await timeSequential(1, async () => {
            const deleted = await store.endSessions(
              { userId },
              { at: Date.now(), reason: 'ended_by_operator', bySessionId: null, byDeviceName: null },
            );
            if (deleted.length !== 1000) throw new Error(`revoked ${deleted.length} sessions, expected 1000`);
          })),
        );
      }
      return summarise(samples);
    }
    case 'refresh': {
      const tokens: string[] = [];
      const now = Date.now();
      for (let index = 0; index < count; index += 1) {
        const token = newRefreshToken();
        await store.insertSession(freshSession(userIdOf(randomIndex(users)), now), hashToken(token));
        tokens.push(token);
      }
      return summarise(
        await timeSequential(count, async (index) => {
          const result = await store.exchangeRefreshToken({
            presentedHash: hashToken(tokens[index] as string),
            nextHash: hashToken(newRefreshToken()),
            now: Date.now(),
            graceMs: 10_000,
            idleTtlMs: 86_400_000,
            keepGenerations: REMEMBERED_REFRESH_GENERATIONS,
          });
          if (result.outcome !== 'rotated') throw new Error(`refresh answered ${result.outcome}`);
        }),
      );
    }
    case 'sign-in':
      return summarise(
        await timeSequential(count, () =>
          signIn(
            ctx,
            { email: emailOf(randomIndex(users)), password: PASSWORD },
            { device, ip: '198.51.100.7', client: 'web' },
          ),
        ),
      );
  }
}

/** Grows the engine's store through `levels` (session counts) and measures every operation at each. */
export async function runScale(
  engine: Engine,
  levels: readonly number[],
  log: (line: string) => void,
  deadline: number,
): Promise<ScaleLevel[]> {
  const rows: ScaleLevel[] = [];
  const ctx = await benchContext(engine.store);
  const passwordHash = await hashPassword(PASSWORD, 'test');
  // The heavy user (1,000 sessions, revoked and re-added) sits above every regular user.
  const heavyBase = 50_000_000;
  await engine.bulk.addUsers(heavyBase, heavyBase + 1, passwordHash);
  let loadedSessions = 0;
  for (const sessions of levels) {
    if (Date.now() > deadline) {
      rows.push({
        engine: engine.name,
        sessions,
        users: sessions / SESSIONS_PER_USER,
        loadSeconds: Number.NaN,
        results: {},
      });
      log(`  ${engine.name} ${sessions}: skipped (time budget)`);
      continue;
    }
    const users = sessions / SESSIONS_PER_USER;
    const start = performance.now();
    await engine.bulk.addUsers(loadedSessions / SESSIONS_PER_USER, users, passwordHash);
    await engine.bulk.addSessions(loadedSessions, sessions);
    await engine.bulk.analyze();
    const loadSeconds = (performance.now() - start) / 1000;
    loadedSessions = sessions;
    const row: ScaleLevel = { engine: engine.name, sessions, users, loadSeconds, results: {} };
    const counted = await engine.bulk.countSessions();
    log(`  ${engine.name} ${sessions} sessions loaded in ${loadSeconds.toFixed(1)} s (${counted} rows)`);
    for (const operation of SCALE_OPERATIONS) {
      try {
        row.results[operation] = await measure(operation, engine, ctx, users, heavyBase);
        const summary = row.results[operation] as LatencySummary;
        log(
          `    ${operation}: ${summary.opsPerSecond.toFixed(0)} ops/s, ` +
            `p50 ${summary.p50Ms.toFixed(2)} ms, p99 ${summary.p99Ms.toFixed(2)} ms`,
        );
      } catch (error) {
        row.results[operation] = { error: error instanceof Error ? error.message : String(error) };
        log(`    ${operation}: ${String(error)}`);
      }
    }
    rows.push(row);
  }
  return rows;
}

/** Temp-file path of the scale database. */
export function scaleSqlitePath(tempDir: string): string {
  return join(tempDir, 'scale.db');
}
