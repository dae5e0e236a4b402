/**
 * The request path's lookup on PostgreSQL with the lease protocol on: "is this session live?"
 * answered from memory while the instance's lease is held (lease-state.ts), from the database
 * otherwise. A fill only enters the cache if nothing that could make it wrong happened while it
 * read (the epoch did not move) and the instance was serving both when it started and when it
 * came back: a fill racing with a revoke can never put the revoked session back.
 */
import type { SessionWithUser } from '../../session/records.ts';
import type { LeaseState } from './lease-state.ts';

const SESSION_CACHE_LIMIT = 10_000;
/** Fields no revocation depends on ("last active" written elsewhere) are at most this old. */
const ENTRY_MAX_AGE_MS = 30_000;

interface Entry {
  found: SessionWithUser;
  storedAt: number;
}

/** Callers may keep what they get: hand out copies, never the cached objects. */
function copySessionWithUser(found: SessionWithUser): SessionWithUser {
  return { session: { ...found.session, device: { ...found.session.device } }, user: { ...found.user } };
}

/** What an invalidation names: sessions, every session of some users, or everything. */
export interface InvalidationTarget {
  sessionIds?: readonly string[];
  userIds?: readonly string[];
  all?: boolean;
}

export class LeasedSessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lease: LeaseState,
    private readonly load: (id: string) => Promise<SessionWithUser | null>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async find(id: string): Promise<SessionWithUser | null> {
    if (this.lease.serving) {
      const entry = this.entries.get(id);
      // An entry whose expiry has passed may have been slid by a refresh elsewhere: ask again.
      if (
        entry !== undefined &&
        this.now() - entry.storedAt < ENTRY_MAX_AGE_MS &&
        entry.found.session.expiresAt > Date.now()
      ) {
        return copySessionWithUser(entry.found);
      }
    }
    const epoch = this.lease.epoch;
    const servingAtStart = this.lease.serving;
    const found = await this.load(id);
    if (found !== null && servingAtStart && this.lease.serving && this.lease.epoch === epoch) {
      if (this.entries.size >= SESSION_CACHE_LIMIT) this.entries.clear();
      this.entries.set(id, { found: copySessionWithUser(found), storedAt: this.now() });
    }
    return found;
  }

  /** Forgets what the target names and moves the epoch (in-flight fills are dropped). */
  invalidate(target: InvalidationTarget): void {
    this.lease.invalidated();
    if (target.all === true) {
      this.entries.clear();
      return;
    }
    for (const id of target.sessionIds ?? []) this.entries.delete(id);
    if (target.userIds !== undefined && target.userIds.length > 0) {
      const users = new Set(target.userIds);
      for (const [id, entry] of this.entries) if (users.has(entry.found.user.id)) this.entries.delete(id);
    }
  }

  clear(): void {
    this.lease.invalidated();
    this.entries.clear();
  }
}
