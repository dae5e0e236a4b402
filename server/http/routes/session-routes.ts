/**
 * /api: who am I, my sessions, and ending them. Each route parses, calls one core function
 * (server/session/my-sessions.ts) and responds.
 */
import type { IRouter, Request, Response } from 'express';
import { labelSessionRequestSchema } from '../../../shared/device-label.ts';
import type { LabelSessionRequest } from '../../../shared/device-label.ts';
import { historyQuerySchema, listSessionsQuerySchema, revokeManyQuerySchema } from '../../../shared/schemas.ts';
import type { HistoryQuery, ListSessionsQuery, RevokeScope } from '../../../shared/schemas.ts';
import type { SessionContext } from '../../session/context.ts';
import { acknowledgeSignIn, labelDevice } from '../../session/device-names.ts';
import { listHistory } from '../../session/history.ts';
import { endMine, endOne, listMine, whoAmI } from '../../session/my-sessions.ts';
import { sessionOf, verifySession } from '../authenticate.ts';
import { unwrap } from '../failure-to-error.ts';
import { jsonBody, validQuery, validSessionIdParam } from '../json-body.ts';
import { signOutClient } from '../respond.ts';

export function sessionRoutes(ctx: SessionContext, router: IRouter): IRouter {
  const authenticated = verifySession(ctx);

  router.get('/api/me', authenticated, async (req: Request, res: Response) => {
    res.json(unwrap(await whoAmI(ctx, sessionOf(req))));
  });

  router.get(
    '/api/sessions',
    authenticated,
    validQuery(listSessionsQuerySchema),
    async (req: Request, res: Response) => {
      const query = res.locals.query as ListSessionsQuery;
      res.json({ sessions: await listMine(ctx, sessionOf(req), query.tenant === 'all' ? 'all' : 'current') });
    },
  );

  router.get(
    '/api/sessions/history',
    authenticated,
    validQuery(historyQuerySchema),
    async (req: Request, res: Response) => {
      const { limit, before } = res.locals.query as HistoryQuery;
      const page = {
        ...(limit === undefined ? {} : { limit: Number(limit) }),
        ...(before === undefined ? {} : { before }),
      };
      res.json(unwrap(await listHistory(ctx, sessionOf(req), page)));
    },
  );

  // An id that could not have been issued is answered like an unknown one, before any store sees it.
  router.delete('/api/sessions/:id', authenticated, validSessionIdParam(), async (req: Request, res: Response) => {
    const caller = sessionOf(req);
    const { signedOut } = unwrap(await endOne(ctx, caller, String(req.params.id)));
    if (signedOut) signOutClient(ctx, res, caller.mode === 'header');
    res.status(204).end();
  });

  router.patch(
    '/api/sessions/:id',
    authenticated,
    validSessionIdParam(),
    jsonBody(labelSessionRequestSchema),
    async (req: Request, res: Response) => {
      const { label } = res.locals.body as LabelSessionRequest;
      res.json({ session: unwrap(await labelDevice(ctx, sessionOf(req), String(req.params.id), label)) });
    },
  );

  router.post(
    '/api/sessions/:id/acknowledge',
    authenticated,
    validSessionIdParam(),
    async (req: Request, res: Response) => {
      unwrap(await acknowledgeSignIn(ctx, sessionOf(req), String(req.params.id)));
      res.status(204).end();
    },
  );

  router.delete(
    '/api/sessions',
    authenticated,
    validQuery(revokeManyQuerySchema),
    async (req: Request, res: Response) => {
      const caller = sessionOf(req);
      const { scope } = res.locals.query as { scope: RevokeScope };
      const { revoked } = unwrap(await endMine(ctx, caller, scope));
      if (scope === 'all') signOutClient(ctx, res, caller.mode === 'header');
      res.json({ revoked });
    },
  );

  return router;
}
