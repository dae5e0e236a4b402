/**
 * The one rule for a presented refresh token, shared by every store so that SQLite and
 * PostgreSQL cannot disagree. The store calls it inside its transaction, with the session row
 * locked, and carries out what it says.
 */
import type { SessionRecord } from '../storage/store.ts';

export type RefreshDecision = 'rotate' | 'concurrent' | 'theft' | 'invalid';

export function decideRefresh(
  session: SessionRecord | null,
  presentedGeneration: number,
  now: number,
  graceMs: number,
): RefreshDecision {
  if (session === null) return 'invalid';
  if (session.expiresAt <= now || session.absoluteExpiresAt <= now) return 'invalid';
  if (presentedGeneration === session.refreshGeneration) return 'rotate';
  // The token just before the current one, while its successor has not been used and the
  // rotation is seconds old: another tab refreshed at the same moment. Anything older is a
  // token that was already exchanged coming back, which is how a stolen token shows itself.
  if (presentedGeneration === session.refreshGeneration - 1 && now - session.rotatedAt <= graceMs) {
    return 'concurrent';
  }
  return 'theft';
}
