/**
 * Picks the store from DATABASE_URL: `sqlite:<path>`, `sqlite::memory:`, or `postgres://…`, and
 * the event transport that goes with it: in-process for SQLite (one instance), LISTEN/NOTIFY
 * on the same database for PostgreSQL (several instances).
 */
import { InProcessTransport } from '../session/event-transport.ts';
import type { EventTransport } from '../session/event-transport.ts';
import { PostgresEventTransport } from './postgres-events.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from '../session/store.ts';

const isPostgresUrl = (url: string): boolean => url.startsWith('postgres://') || url.startsWith('postgresql://');

/** The event transport for the store DATABASE_URL names; it connects only when the bus starts. */
export function openEventTransport(databaseUrl: string): EventTransport {
  return isPostgresUrl(databaseUrl) ? new PostgresEventTransport(databaseUrl) : new InProcessTransport();
}

/** PostgreSQL's lease options (config.ts: POSTGRES_SESSION_CACHE, SESSION_LEASE_MS). */
export interface OpenStoreOptions {
  postgresSessionCache?: 'lease' | 'off';
  sessionLeaseMs?: number;
}

export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(databaseUrl)) {
    return openPostgresStore(databaseUrl, {
      ...(options.postgresSessionCache === undefined ? {} : { sessionCache: options.postgresSessionCache }),
      ...(options.sessionLeaseMs === undefined ? {} : { leaseTermMs: options.sessionLeaseMs }),
    });
  }
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    return openSqliteStore(path === ':memory:' ? ':memory:' : path);
  }
  throw new Error('DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://…');
}
