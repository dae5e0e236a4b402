/**
 * GET /api/events: the caller's live event stream (Server-Sent Events). The route authenticates
 * like GET /api/me, opens the stream through the core (session/event-streams.ts) and leaves it
 * to the event bus; it closes when its session ends, at its access token's expiry, when the
 * user opens more than MAX_EVENT_STREAMS_PER_USER, or when the server stops.
 */
import type { IRouter, Request, Response } from 'express';
import type { SessionContext } from '../../session/context.ts';
import { openEventStream } from '../../session/event-streams.ts';
import { sessionOf, verifySession } from '../authenticate.ts';
import { SseStream } from '../event-stream.ts';
import { unwrap } from '../failure-to-error.ts';

export function eventRoutes(ctx: SessionContext, router: IRouter): IRouter {
  const authenticated = verifySession(ctx);

  router.get('/api/events', authenticated, async (req: Request, res: Response) => {
    const stream = new SseStream(res);
    const { unsubscribe, closesAt } = unwrap(await openEventStream(ctx, sessionOf(req), stream));
    stream.whenClosed(unsubscribe);
    const keepAliveMs = ctx.config.eventKeepAliveSeconds * 1000;
    stream.open({
      keepAliveMs,
      closeInMs: closesAt - ctx.clock(),
      // The clock may be a test's; the token's expiry is checked against it on every keep-alive.
      tick: () => {
        if (ctx.clock() < closesAt) return true;
        stream.end();
        return false;
      },
    });
  });

  return router;
}
