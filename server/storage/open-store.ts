/**
 * Picks the store from DATABASE_URL: `sqlite:<path>`, `sqlite::memory:`, or `postgres://…`.
 */
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from '../session/store.ts';

export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://'))
    return openPostgresStore(databaseUrl);
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    return openSqliteStore(path === ':memory:' ? ':memory:' : path);
  }
  throw new Error('DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://…');
}
