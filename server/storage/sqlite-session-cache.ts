/**
 * The request path's lookup on SQLite, answered from memory while the database is unchanged.
 * The stamp (data_version, which moves when another connection such as sessionctl commits, and
 * total_changes(), which moves with every write of our own) is what tells. Lookups that arrive
 * in the same turn of the event loop share one reading of it, taken after all of them arrived,
 * so a revocation that returned anywhere before a request came in is seen by that request:
 * strict mode keeps its promise, and a busy server reads the stamp once per turn, not per request.
 */
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SessionWithUser } from '../session/records.ts';
import { SESSION_WITH_USER_COLUMNS, sessionWithUserFromRow } from './rows.ts';
import type { SessionWithUserRow } from './rows.ts';

const SESSION_CACHE_LIMIT = 10_000;

/** Callers may keep what they get: hand out copies, never the cached objects. */
function copySessionWithUser(found: SessionWithUser): SessionWithUser {
  return { session: { ...found.session, device: { ...found.session.device } }, user: { ...found.user } };
}

interface PendingLookup {
  id: string;
  resolve: (found: SessionWithUser | null) => void;
  reject: (error: unknown) => void;
}

export class SqliteSessionCache {
  private readonly dataVersion: Statement;
  private readonly totalChanges: Statement;
  private readonly byId: Statement;
  private readonly sessions = new Map<string, SessionWithUser>();
  private cachedDataVersion = -1;
  private cachedTotalChanges = -1;
  private pending: PendingLookup[] | null = null;

  constructor(db: SqliteDatabase) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.byId = db.prepare(
      `SELECT ${SESSION_WITH_USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ? AND s.ended_at IS NULL`,
    );
  }

  find(id: string): Promise<SessionWithUser | null> {
    return new Promise((resolve, reject) => {
      if (this.pending === null) {
        this.pending = [];
        setImmediate(() => this.flush());
      }
      this.pending.push({ id, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.pending ?? [];
    this.pending = null;
    try {
      // One reading for the whole batch; nothing can interleave (better-sqlite3 is synchronous).
      this.readStamp();
    } catch (error) {
      for (const lookup of batch) lookup.reject(error);
      return;
    }
    for (const lookup of batch) {
      try {
        lookup.resolve(this.lookup(lookup.id));
      } catch (error) {
        lookup.reject(error);
      }
    }
  }

  /** Forgets every cached session if the database changed since the last reading. */
  private readStamp(): void {
    const dataVersion = this.dataVersion.get() as number;
    const totalChanges = this.totalChanges.get() as number;
    if (dataVersion !== this.cachedDataVersion || totalChanges !== this.cachedTotalChanges) {
      this.sessions.clear();
      this.cachedDataVersion = dataVersion;
      this.cachedTotalChanges = totalChanges;
    }
  }

  private lookup(id: string): SessionWithUser | null {
    const cached = this.sessions.get(id);
    if (cached !== undefined) return copySessionWithUser(cached);
    const row = this.byId.get(id) as SessionWithUserRow | undefined;
    if (row === undefined) return null;
    const found = sessionWithUserFromRow(row);
    if (this.sessions.size >= SESSION_CACHE_LIMIT) this.sessions.clear();
    this.sessions.set(id, found);
    return copySessionWithUser(found);
  }
}
