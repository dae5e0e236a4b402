/**
 * The request path's lookup on PostgreSQL. Lookups that arrive in the same turn of the event loop
 * go to the database as one query (`id = ANY($1)`, a named prepared statement): under load the
 * round trip is shared instead of paid per request. Each lookup is still sent after its request
 * arrived, so it sees every revocation that had returned by then: strict mode keeps its promise.
 */
import type pg from 'pg';
import type { SessionWithUser } from '../session/records.ts';
import { toStoreError } from './postgres-errors.ts';
import { SESSION_WITH_USER_COLUMNS, sessionWithUserFromRow } from './rows.ts';
import type { SessionWithUserRow } from './rows.ts';

interface LookupWaiter {
  resolve(value: SessionWithUser | null): void;
  reject(error: Error): void;
}

const SESSIONS_WITH_USERS_BY_IDS = `SELECT ${SESSION_WITH_USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.id = ANY($1::text[]) AND s.ended_at IS NULL`;

export class PostgresSessionLookup {
  private pending: Map<string, LookupWaiter[]> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  /** The session and its user, looked up with the others of this event-loop turn. */
  find(id: string): Promise<SessionWithUser | null> {
    return new Promise((resolve, reject) => {
      let batch = this.pending;
      if (batch === null) {
        batch = new Map();
        this.pending = batch;
        const flushing = batch;
        setImmediate(() => void this.flush(flushing));
      }
      const waiters = batch.get(id);
      if (waiters === undefined) batch.set(id, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
    });
  }

  private async flush(batch: Map<string, LookupWaiter[]>): Promise<void> {
    if (this.pending === batch) this.pending = null;
    let rows: SessionWithUserRow[];
    try {
      const query = {
        name: 'sessions-with-users-by-id',
        text: SESSIONS_WITH_USERS_BY_IDS,
        values: [[...batch.keys()]],
      };
      const result = await this.pool.query<SessionWithUserRow>(query);
      rows = result.rows;
    } catch (error) {
      const mapped = toStoreError(error);
      const failure = mapped instanceof Error ? mapped : new Error(String(mapped));
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(failure);
      return;
    }
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const [id, waiters] of batch) {
      const row = found.get(id);
      // Each caller gets its own objects.
      for (const waiter of waiters) waiter.resolve(row === undefined ? null : sessionWithUserFromRow(row));
    }
  }
}
