/**
 * The refresh token's two units of work, each run as one atomic transaction by the store:
 * the exchange (carrying out what the core's decideRefresh says for the locked session row)
 * and the reissue after a re-authentication.
 */
import type { SessionRecord } from '../session/records.ts';
import { decideRefresh, slidExpiry } from '../session/rules.ts';
import type { RefreshExchangeInput, RefreshExchangeResult } from '../session/store.ts';
import type { Dialect, Work } from './driver.ts';
import { get, run } from './driver.ts';
import { endSessionsWhere } from './session-end-work.ts';
import { LIVE_SESSION, SESSION_COLUMNS, sessionFromRow } from './rows.ts';
import type { SessionRow } from './rows.ts';

export const INSERT_REFRESH_TOKEN =
  'INSERT INTO refresh_tokens (token_hash, session_id, generation, issued_at) VALUES (?, ?, ?, ?)';
const PRUNE_REFRESH_TOKENS = 'DELETE FROM refresh_tokens WHERE session_id = ? AND generation < ?';
const SESSION_LIST = SESSION_COLUMNS.join(', ');

export function* exchangeRefreshToken(dialect: Dialect, input: RefreshExchangeInput): Work<RefreshExchangeResult> {
  // The row lock (PostgreSQL) or the IMMEDIATE transaction (SQLite) serialises every
  // exchange of a session: the second of two simultaneous refreshes waits, then reads the
  // first one's rotation.
  const row = yield* get<SessionRow & { presented_generation: number }>(
    `SELECT ${SESSION_COLUMNS.map((column) => `s.${column}`).join(', ')}, t.generation AS presented_generation
     FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
     WHERE t.token_hash = ? AND s.ended_at IS NULL${dialect.lockSessionRow}`,
    input.presentedHash,
  );
  if (row === undefined) return { outcome: 'invalid' };
  const session = sessionFromRow(row);
  const decision = decideRefresh(session, Number(row.presented_generation), input.now, input.graceMs);
  if (decision === 'invalid') return { outcome: 'invalid' };
  if (decision === 'theft') {
    // The session ends here, in the same transaction: none of its refresh tokens is exchanged again.
    const end = { at: input.now, reason: 'theft_detected', bySessionId: null, byDeviceName: null } as const;
    const [ended] = yield* endSessionsWhere('id = ?', [session.id], end);
    if (ended === undefined) throw new Error('The locked session vanished during its refresh');
    return { outcome: 'theft', ended };
  }
  if (decision === 'concurrent') {
    yield* run(INSERT_REFRESH_TOKEN, input.nextHash, session.id, session.refreshGeneration, input.now);
    return { outcome: 'concurrent', session };
  }
  const generation = session.refreshGeneration + 1;
  const rotated = yield* get<SessionRow>(
    `UPDATE sessions SET refresh_generation = ?, rotated_at = ?, expires_at = ?,
       last_active_at = ${dialect.greatest('last_active_at', '?')}
     WHERE id = ? RETURNING ${SESSION_LIST}`,
    generation,
    input.now,
    slidExpiry(input.now, input.idleTtlMs, session.absoluteExpiresAt),
    input.now,
    session.id,
  );
  if (rotated === undefined) throw new Error('The session vanished during its refresh');
  yield* run(INSERT_REFRESH_TOKEN, input.nextHash, session.id, generation, input.now);
  const oldestKept = generation - input.keepGenerations;
  if (oldestKept > 0) yield* run(PRUNE_REFRESH_TOKENS, session.id, oldestKept);
  return { outcome: 'rotated', session: sessionFromRow(rotated) };
}

export function* reissueRefreshToken(
  sessionId: string,
  nextHash: string,
  now: number,
  keepGenerations: number,
): Work<SessionRecord | null> {
  // The UPDATE takes the same row lock as a refresh exchange, so the two are serialised.
  const row = yield* get<SessionRow>(
    `UPDATE sessions SET refresh_generation = refresh_generation + 1, rotated_at = ?
     WHERE id = ? AND ${LIVE_SESSION} RETURNING ${SESSION_LIST}`,
    now,
    sessionId,
    now,
  );
  if (row === undefined) return null;
  const session = sessionFromRow(row);
  yield* run(INSERT_REFRESH_TOKEN, nextHash, sessionId, session.refreshGeneration, now);
  const oldestKept = session.refreshGeneration - keepGenerations;
  if (oldestKept > 0) yield* run(PRUNE_REFRESH_TOKENS, sessionId, oldestKept);
  return session;
}
