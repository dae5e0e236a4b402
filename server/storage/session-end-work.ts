/**
 * How sessions end and are remembered, written once for both engines: an ended session keeps
 * its row, with when, why and by which session it ended, for the history, and every lookup of
 * live sessions leaves it out (`ended_at IS NULL`) — the refresh exchange too, so its refresh
 * tokens can never be exchanged again. Those tokens go with the row (ON DELETE CASCADE) when the
 * sweeper purges sessions that ended longer ago than the history keeps. Ending touches only the
 * session rows, which lie together: deleting the tokens at once meant a random B-tree delete per
 * session (token hashes are random), which is what made revoking all of a user's sessions slow
 * down as the table grew (issue 15, docs/benchmarks.md).
 */
import type { EndedSessionRecord, EndedSessionRef, ExpiredSessionRef, SessionEnd } from '../session/records.ts';
import type { HistoryQuery, SessionFilter } from '../session/store.ts';
import type { Dialect, Work } from './driver.ts';
import { all, run } from './driver.ts';
import { SESSION_COLUMNS, endedFromRow, endedSessionFromRow } from './rows.ts';
import type { EndedRow, EndedSessionRow, Integer } from './rows.ts';

const ENDED_COLUMNS = [...SESSION_COLUMNS, 'ended_at', 'end_reason', 'ended_by_session_id', 'ended_by_device_name'];

/** Ends the sessions `where` selects (with its parameters) that have not ended yet. */
export function* endSessionsWhere(where: string, params: readonly unknown[], end: SessionEnd): Work<EndedSessionRef[]> {
  const rows = yield* all<EndedRow>(
    `UPDATE sessions SET ended_at = ?, end_reason = ?, ended_by_session_id = ?, ended_by_device_name = ?
     WHERE (${where}) AND ended_at IS NULL RETURNING id, user_id, tenant_id`,
    end.at,
    end.reason,
    end.bySessionId,
    end.byDeviceName,
    ...params,
  );
  return rows.map(endedFromRow);
}

/** Ends up to `limit` sessions whose lifetime ran out by `now`, each as expired at its own expiry. */
export function* endExpired(dialect: Dialect, now: number, limit: number): Work<ExpiredSessionRef[]> {
  const rows = yield* all<EndedRow & { ended_at: Integer }>(
    `UPDATE sessions SET ended_at = expires_at, end_reason = 'expired'
     WHERE id IN (SELECT id FROM sessions WHERE ended_at IS NULL AND expires_at <= ? LIMIT ?${dialect.skipLocked})
     RETURNING id, user_id, tenant_id, ended_at`,
    now,
    limit,
  );
  return rows.map((row) => ({ ...endedFromRow(row), endedAt: Number(row.ended_at) }));
}

export function* findEnded(dialect: Dialect, ids: readonly string[]): Work<EndedSessionRecord[]> {
  if (ids.length === 0) return [];
  const rows = yield* all<EndedSessionRow>(
    `SELECT ${ENDED_COLUMNS.join(', ')} FROM sessions WHERE id IN ${dialect.inList} AND ended_at IS NOT NULL`,
    dialect.listParam(ids),
  );
  return rows.map(endedSessionFromRow);
}

export function* listEnded(query: HistoryQuery): Work<EndedSessionRecord[]> {
  const after = query.before === undefined ? '' : ' AND (ended_at < ? OR (ended_at = ? AND id < ?))';
  const position = query.before === undefined ? [] : [query.before.endedAt, query.before.endedAt, query.before.id];
  const rows = yield* all<EndedSessionRow>(
    `SELECT ${ENDED_COLUMNS.join(', ')} FROM sessions
     WHERE user_id = ? AND tenant_id = ? AND ended_at IS NOT NULL AND ended_at > ?${after}
     ORDER BY ended_at DESC, id DESC LIMIT ?`,
    query.userId,
    query.tenantId,
    query.endedAfter,
    ...position,
    query.limit,
  );
  return rows.map(endedSessionFromRow);
}

export function* purgeEnded(dialect: Dialect, endedBy: number, limit: number): Work<number> {
  return yield* run(
    `DELETE FROM sessions WHERE id IN (
       SELECT id FROM sessions WHERE ended_at IS NOT NULL AND ended_at <= ? LIMIT ?${dialect.skipLocked})`,
    endedBy,
    limit,
  );
}

/** `AND tenant_id = ? AND id <> ?` as the filter asks, with its parameters. */
export function filterClause(filter: SessionFilter): { sql: string; params: string[] } {
  let sql = '';
  const params: string[] = [];
  if (filter.tenantId !== undefined) {
    sql += ' AND tenant_id = ?';
    params.push(filter.tenantId);
  }
  if (filter.exceptSessionId !== undefined) {
    sql += ' AND id <> ?';
    params.push(filter.exceptSessionId);
  }
  return { sql, params };
}
