/**
 * Opening a caller's event stream (GET /api/events). The stream is subscribed first and its
 * session checked in the store after, whatever the revocation mode: an ending committed while
 * the stream was opening is then either seen by the check (401) or delivered to the stream, never
 * lost in between. A reconnect whose session has ended gets `session-ended` (401), and is refused
 * before it subscribes, so that it closes none of the user's streams to make room.
 */
import type { SessionContext } from './context.ts';
import type { EventSink } from './events.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import type { Caller } from './request-check.ts';
import { storedSessionHonours } from './rules.ts';

export interface OpenedStream {
  /** Stops delivering to the sink (the stream closed). */
  unsubscribe(): void;
  /** When the stream must close: its access token's expiry (epoch ms). */
  closesAt: number;
}

export async function openEventStream(
  ctx: SessionContext,
  caller: Caller,
  sink: EventSink,
): Promise<Result<OpenedStream>> {
  const { claims } = caller;
  // Checked before subscribing too: a refused open must not close the user's oldest live stream
  // (a revoked session's still-valid stateless token would otherwise knock the owner's streams off).
  if (!storedSessionHonours(await ctx.store.findSessionWithUser(claims.sid), claims, ctx.clock())) {
    return fail('session-ended');
  }
  const subscribed = ctx.events.subscribe({ userId: claims.sub, tenantId: claims.tid, sessionId: claims.sid }, sink);
  if (!subscribed.ok) return subscribed;
  const unsubscribe = subscribed.value;
  try {
    const record = await ctx.store.findSessionWithUser(claims.sid);
    if (!storedSessionHonours(record, claims, ctx.clock())) {
      unsubscribe();
      return fail('session-ended');
    }
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return succeed({ unsubscribe, closesAt: claims.exp * 1000 });
}
