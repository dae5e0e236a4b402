import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { openPostgresStore } from './postgres.ts';
import { describeStoreContract } from '../testing/store-contract/index.ts';
import { StoreUnavailableError } from '../session/store.ts';
import type { Store as SessionStore } from '../session/store.ts';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const START_HINT =
  'PostgreSQL is not reachable at ' +
  DATABASE_URL +
  '. Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ' +
  '(or point TEST_DATABASE_URL at a running server).';

let admin: pg.Pool;
const schemaOf = new WeakMap<SessionStore, string>();

function freshSchema(): string {
  return `test_${randomBytes(8).toString('hex')}`;
}

async function dropSchema(schema: string): Promise<void> {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2, connectionTimeoutMillis: 3_000 });
  admin.on('error', () => {});
  try {
    await admin.query('SELECT 1');
  } catch (error) {
    throw new Error(START_HINT, { cause: error });
  }
});

afterAll(async () => {
  await admin?.end();
});

describeStoreContract(
  'postgres',
  async () => {
    const schema = freshSchema();
    const store = await openPostgresStore(DATABASE_URL, { schema, poolSize: 25 });
    schemaOf.set(store, schema);
    return store;
  },
  async (store) => {
    await store.close();
    const schema = schemaOf.get(store);
    if (schema !== undefined) await dropSchema(schema);
  },
);

describe('postgres store', () => {
  it('lets two processes migrate the same fresh schema at the same moment', async () => {
    const schema = freshSchema();
    try {
      const [first, second] = await Promise.all([
        openPostgresStore(DATABASE_URL, { schema, poolSize: 2 }),
        openPostgresStore(DATABASE_URL, { schema, poolSize: 2 }),
      ]);
      try {
        const versions = await admin.query<{ version: number }>(
          `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
        );
        expect(versions.rows.map((row) => row.version)).toEqual(
          POSTGRES_MIGRATIONS.map((migration) => migration.version),
        );
        expect(await first.insertTenant({ id: 'shared', createdAt: 1 })).toBe(true);
        expect(await second.findTenant('shared')).toEqual({ id: 'shared', createdAt: 1 });
        // Migrating again is a no-op.
        await second.migrate();
        const count = (await admin.query(`SELECT 1 FROM ${schema}.schema_migrations`)).rowCount;
        expect(count).toBe(POSTGRES_MIGRATIONS.length);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    } finally {
      await dropSchema(schema);
    }
  });

  it('upgrades a database made by release 1 in place: its users and sessions stay live (issue 11)', async () => {
    const schema = freshSchema();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const old = new pg.Pool({ connectionString: DATABASE_URL, max: 1, options: `-c search_path=${schema}` });
      try {
        await old.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
        await old.query(POSTGRES_MIGRATIONS[0]?.sql ?? '');
        await old.query('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 1)');
        await old.query("INSERT INTO users VALUES ('u1', 'old@example.test', 'x', 1, NULL)");
        await old.query("INSERT INTO user_tenants VALUES ('u1', 'public')");
        await old.query(
          `INSERT INTO sessions VALUES ('s1', 'u1', 'public', 1, 1, 4000000000000, 4000000000000, 1, 0, 1,
             NULL, 'Firefox on Linux', 'Firefox', '133', 'Linux', 'desktop', NULL, NULL, 'web')`,
        );
        await old.query("INSERT INTO refresh_tokens VALUES ('hash-s1', 's1', 0, 1)");
      } finally {
        await old.end();
      }
      const upgraded = await openPostgresStore(DATABASE_URL, { schema, poolSize: 2 });
      try {
        expect((await upgraded.findUserByEmail('old@example.test'))?.id).toBe('u1');
        expect((await upgraded.listSessionsByUser('u1', 2)).map((session) => session.id)).toEqual(['s1']);
        expect((await upgraded.findSessionWithUser('s1'))?.session.device.name).toBe('Firefox on Linux');
        const input = { presentedHash: 'hash-s1', nextHash: 'hash-s1-next', now: 2, graceMs: 10_000 };
        const rotated = await upgraded.exchangeRefreshToken({ ...input, idleTtlMs: 86_400_000, keepGenerations: 64 });
        expect(rotated.outcome).toBe('rotated');
      } finally {
        await upgraded.close();
      }
    } finally {
      await dropSchema(schema);
    }
  });

  it('upgrades a database of the history release (migration 2) in place, with no devices (issue 12)', async () => {
    const schema = freshSchema();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const old = new pg.Pool({ connectionString: DATABASE_URL, max: 1, options: `-c search_path=${schema}` });
      try {
        await old.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
        for (const migration of POSTGRES_MIGRATIONS.slice(0, 2)) {
          await old.query(migration.sql);
          await old.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 1)', [migration.version]);
        }
        await old.query("INSERT INTO users VALUES ('u1', 'old@example.test', 'x', 1, NULL)");
        await old.query("INSERT INTO user_tenants VALUES ('u1', 'public')");
        const session = `INSERT INTO sessions VALUES ($1, 'u1', 'public', 1, 1, 4000000000000, 4000000000000, 1, 0, 1,
           NULL, 'Firefox on Linux', 'Firefox', '133', 'Linux', 'desktop', 'Old name', '8.8.8.8', 'web',
           $2, $3, NULL, NULL)`;
        await old.query(session, ['live', null, null]);
        await old.query(session, ['ended', 5, 'signed_out']);
      } finally {
        await old.end();
      }
      const upgraded = await openPostgresStore(DATABASE_URL, { schema, poolSize: 2 });
      try {
        const live = await upgraded.findSessionById('live');
        expect(live).toMatchObject({
          deviceId: null,
          newDevice: false,
          countryCode: null,
          device: { label: 'Old name' },
        });
        const query = { userId: 'u1', tenantId: 'public', endedAfter: 0, limit: 5 };
        const history = await upgraded.listEndedSessions(query);
        expect(history.map((item) => [item.id, item.deviceId, item.newDevice])).toEqual([['ended', null, false]]);
        expect(await upgraded.userHasKnownDevice('u1')).toBe(false);
        const device = { id: 'd1', userId: 'u1', secretHash: 'h', label: null, createdAt: 2, lastSeenAt: 2 };
        await upgraded.insertKnownDevice(device, 10);
        expect(await upgraded.findKnownDevice('u1', 'h')).toEqual(device);
      } finally {
        await upgraded.close();
      }
    } finally {
      await dropSchema(schema);
    }
  });

  it('takes the schema from ?schema= in the connection URL', async () => {
    const schema = freshSchema();
    const separator = DATABASE_URL.includes('?') ? '&' : '?';
    try {
      const store = await openPostgresStore(`${DATABASE_URL}${separator}schema=${schema}`, { poolSize: 1 });
      try {
        await store.insertTenant({ id: 'via-url', createdAt: 2 });
        const rows = await admin.query<{ id: string }>(`SELECT id FROM ${schema}.tenants WHERE id = 'via-url'`);
        expect(rows.rowCount).toBe(1);
      } finally {
        await store.close();
      }
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openPostgresStore(DATABASE_URL, { schema: 'x; DROP TABLE users' })).rejects.toThrow(/identifier/);
  });

  it('answers StoreUnavailableError within seconds when nothing listens, instead of hanging', async () => {
    const port = await closedPort();
    const startedAt = Date.now();
    const error = await openPostgresStore(`postgres://postgres@127.0.0.1:${port}/test`, { schema: freshSchema() }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - startedAt).toBeLessThan(4_000);
  });

  it('answers StoreUnavailableError within seconds when the server accepts but never answers', async () => {
    // A black hole: TCP connects, PostgreSQL never speaks. The connection timeout must fire.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const startedAt = Date.now();
      const error = await openPostgresStore(`postgres://postgres@127.0.0.1:${port}/test`, {
        schema: freshSchema(),
      }).then(
        () => null,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - startedAt).toBeLessThan(6_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
