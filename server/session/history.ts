/**
 * The history of a person's ended sessions, newest first, in pages. A page's cursor names the
 * last session it showed; it only positions a query that is always scoped to the caller's user
 * and tenant, so a forged or borrowed cursor can show nothing that is not the caller's own.
 */
import type { EndedSession } from '../../shared/schemas.ts';
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import { toEndedSession } from './public-session.ts';
import type { Caller } from './request-check.ts';
import { historyKeptSince } from './rules.ts';
import type { HistoryPosition } from './store.ts';

export const HISTORY_PAGE_DEFAULT = 50;

/** The cursor of a position: opaque to clients, base64url of "<endedAt>.<session id>". */
export function encodeCursor(position: HistoryPosition): string {
  return Buffer.from(`${position.endedAt}.${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): HistoryPosition | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{24})$/.exec(text);
  if (match === null || encodeCursor({ endedAt: Number(match[1]), id: match[2] as string }) !== cursor) return null;
  return { endedAt: Number(match[1]), id: match[2] as string };
}

/** One page of the caller's ended sessions in their tenant, within SESSION_HISTORY_DAYS. */
export async function listHistory(
  ctx: SessionContext,
  caller: Caller,
  page: { limit?: number; before?: string },
): Promise<Result<{ sessions: EndedSession[]; next: string | null }>> {
  const before = page.before === undefined ? undefined : decodeCursor(page.before);
  if (before === null) return fail('bad-cursor');
  const limit = page.limit ?? HISTORY_PAGE_DEFAULT;
  const ended = await ctx.store.listEndedSessions({
    userId: caller.claims.sub,
    tenantId: caller.claims.tid,
    endedAfter: historyKeptSince(ctx.config, ctx.clock()),
    ...(before === undefined ? {} : { before }),
    limit: limit + 1,
  });
  const shown = ended.slice(0, limit);
  const last = shown.at(-1);
  const next = ended.length > limit && last !== undefined ? encodeCursor({ endedAt: last.end.at, id: last.id }) : null;
  return succeed({ sessions: shown.map(toEndedSession), next });
}
