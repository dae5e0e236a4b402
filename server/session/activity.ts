/**
 * "Last active" is written at most once a minute per session, not on every request: the list
 * shows minutes, and a write per request would cost more than the request itself.
 */
export const ACTIVITY_WRITE_INTERVAL_MS = 60_000;
const TRACKED_LIMIT = 50_000;

export class ActivityThrottle {
  private readonly lastWrite = new Map<string, number>();

  /** True when `sessionId` should have its activity written now; records the write. */
  shouldWrite(sessionId: string, storedLastActiveAt: number | null, now: number): boolean {
    const last = Math.max(this.lastWrite.get(sessionId) ?? 0, storedLastActiveAt ?? 0);
    if (now - last < ACTIVITY_WRITE_INTERVAL_MS) return false;
    if (this.lastWrite.size >= TRACKED_LIMIT) this.lastWrite.clear();
    this.lastWrite.set(sessionId, now);
    return true;
  }

  forget(sessionId: string): void {
    this.lastWrite.delete(sessionId);
  }
}
