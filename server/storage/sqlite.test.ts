import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts';
import { openSqliteStore } from './sqlite.ts';
import { newSession } from '../testing/store-contract/fixture.ts';
import { describeStoreContract } from '../testing/store-contract/index.ts';

describeStoreContract(
  'SQLite (in memory)',
  () => openSqliteStore(':memory:'),
  (store) => store.close(),
);

describe('SQLite on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a revocation across a reopen of the same file', async () => {
    const path = join(dir, 'sessions.db');
    const first = await openSqliteStore(path);
    await first.insertUser(
      { id: 'u1', email: 'a@example.test', passwordHash: 'x', createdAt: 1, disabledAt: null },
      'public',
    );
    const base = newSession('u1', 'public', { expiresAt: 4_000_000_000_000, absoluteExpiresAt: 4_000_000_000_000 });
    await first.insertSession({ ...base, id: 'kept' }, 'h1');
    await first.insertSession({ ...base, id: 'revoked' }, 'h2');
    expect(
      await first.endSessions(
        { ids: ['revoked'] },
        { at: Date.now(), reason: 'ended_by_operator', bySessionId: null, byDeviceName: null },
      ),
    ).toEqual([{ id: 'revoked', userId: 'u1', tenantId: 'public' }]);
    await first.close();

    const second = await openSqliteStore(path);
    expect(await second.findSessionById('revoked')).toBeNull();
    expect(await second.findSessionById('kept')).not.toBeNull();
    await second.close();
  });

  it('sees a revocation made by another connection (sessionctl) on the next lookup, despite its cache', async () => {
    const path = join(dir, 'two-connections.db');
    const server = await openSqliteStore(path);
    const operator = await openSqliteStore(path);
    await server.insertUser(
      { id: 'u1', email: 'b@example.test', passwordHash: 'x', createdAt: 1, disabledAt: null },
      'public',
    );
    const session = newSession('u1', 'public', {
      id: 's1',
      expiresAt: 4_000_000_000_000,
      absoluteExpiresAt: 4_000_000_000_000,
    });
    await server.insertSession(session, 'hash-s1');
    await server.insertSession({ ...session, id: 's2' }, 'hash-s2');
    expect((await server.findSessionWithUser('s1'))?.user.disabledAt).toBeNull();
    expect(await server.findSessionWithUser('s1')).not.toBeNull();

    await operator.setUserDisabled('u1', 5);
    expect((await server.findSessionWithUser('s1'))?.user.disabledAt).toBe(5);
    await operator.endSessions(
      { ids: ['s1'] },
      { at: Date.now(), reason: 'ended_by_operator', bySessionId: null, byDeviceName: null },
    );
    expect(await server.findSessionWithUser('s1')).toBeNull();
    // And its own writes, too.
    expect(await server.findSessionWithUser('s2')).not.toBeNull();
    await server.endSessions(
      { ids: ['s2'] },
      { at: Date.now(), reason: 'ended_by_operator', bySessionId: null, byDeviceName: null },
    );
    expect(await server.findSessionWithUser('s2')).toBeNull();
    await operator.close();
    await server.close();
  });

  it('upgrades a database made by release 1 in place: its users and sessions stay live (issue 11)', async () => {
    const path = join(dir, 'previous-release.db');
    // The schema as release 1 left it, with one user and one live session in it.
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    old.exec(SQLITE_MIGRATIONS[0]?.sql ?? '');
    old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 1)').run();
    old.prepare("INSERT INTO users VALUES ('u1', 'old@example.test', 'x', 1, NULL)").run();
    old.prepare("INSERT INTO user_tenants VALUES ('u1', 'public')").run();
    old
      .prepare(
        `INSERT INTO sessions VALUES ('s1', 'u1', 'public', 1, 1, 4000000000000, 4000000000000, 1, 0, 1,
           NULL, 'Firefox on Linux', 'Firefox', '133', 'Linux', 'desktop', NULL, NULL, 'web')`,
      )
      .run();
    old.prepare("INSERT INTO refresh_tokens VALUES ('hash-s1', 's1', 0, 1)").run();
    old.close();

    const upgraded = await openSqliteStore(path);
    expect((await upgraded.findUserByEmail('old@example.test'))?.id).toBe('u1');
    expect((await upgraded.listSessionsByUser('u1', 2)).map((session) => session.id)).toEqual(['s1']);
    expect((await upgraded.findSessionWithUser('s1'))?.session.device.name).toBe('Firefox on Linux');
    const rotated = await upgraded.exchangeRefreshToken({
      presentedHash: 'hash-s1',
      nextHash: 'hash-s1-next',
      now: 2,
      graceMs: 10_000,
      idleTtlMs: 86_400_000,
      keepGenerations: 64,
    });
    expect(rotated.outcome).toBe('rotated');
    await upgraded.close();
  });

  it('upgrades a database of the history release (migration 2) in place, with no devices (issue 12)', async () => {
    const path = join(dir, 'history-release.db');
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const migration of SQLITE_MIGRATIONS.slice(0, 2)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 1)').run(migration.version);
    }
    old.prepare("INSERT INTO users VALUES ('u1', 'old@example.test', 'x', 1, NULL)").run();
    old.prepare("INSERT INTO user_tenants VALUES ('u1', 'public')").run();
    const session = `INSERT INTO sessions VALUES (?, 'u1', 'public', 1, 1, 4000000000000, 4000000000000, 1, 0, 1,
       NULL, 'Firefox on Linux', 'Firefox', '133', 'Linux', 'desktop', 'Old name', '8.8.8.8', 'web', ?, ?, NULL, NULL)`;
    old.prepare(session).run('live', null, null);
    old.prepare(session).run('ended', 5, 'signed_out');
    old.close();

    const upgraded = await openSqliteStore(path);
    const live = await upgraded.findSessionById('live');
    expect(live).toMatchObject({ deviceId: null, newDevice: false, countryCode: null, device: { label: 'Old name' } });
    const history = await upgraded.listEndedSessions({ userId: 'u1', tenantId: 'public', endedAfter: 0, limit: 5 });
    expect(history.map((item) => [item.id, item.deviceId, item.newDevice])).toEqual([['ended', null, false]]);
    expect(await upgraded.userHasKnownDevice('u1')).toBe(false);
    const device = { id: 'd1', userId: 'u1', secretHash: 'h', label: null, createdAt: 2, lastSeenAt: 2 };
    await upgraded.insertKnownDevice(device, 10);
    expect(await upgraded.findKnownDevice('u1', 'h')).toEqual(device);
    await upgraded.close();
  });

  it('applies migrations once when opened twice', async () => {
    const path = join(dir, 'twice.db');
    await (await openSqliteStore(path)).close();
    const again = await openSqliteStore(path);
    expect(await again.findTenant('public')).not.toBeNull();
    expect(await again.insertTenant({ id: 'public', createdAt: 2 })).toBe(false);
    await again.close();
  });
});
