/**
 * /api: who am I, my sessions, and ending them. Everything is scoped to the caller's user and
 * tenant; another user's session id is answered exactly like one that does not exist.
 */
import { Router } from 'express';
import { ROUTER_OPTIONS } from '../router-options.ts';
import type { IRouter, Request, Response } from 'express';
import { listSessionsQuerySchema, revokeManyQuerySchema } from '../../../shared/schemas.ts';
import type { PublicSession } from '../../../shared/schemas.ts';
import { ApiError } from '../../errors.ts';
import type { SessionContext } from '../../session/context.ts';
import { sortSessions, toPublicSession, toPublicUser } from '../../session/public-session.ts';
import { isRecentlyAuthenticated, revokeSessions, revokeSessionsOfUser } from '../../session/sessions.ts';
import type { SessionHandle } from '../authenticate.ts';
import { sessionOf, verifySession } from '../authenticate.ts';
import { signOutClient } from '../respond.ts';
import { SESSION_NOT_FOUND_MESSAGE, validQuery, validSessionIdParam } from '../json-body.ts';
import { currentRecord } from './current-record.ts';

const notFound = (): ApiError => new ApiError('SESSION_NOT_FOUND', SESSION_NOT_FOUND_MESSAGE);

/** Adds the routes to `router` (the app itself on the request path: one Express layer less than a nested router). */
export function sessionRoutes(ctx: SessionContext, router: IRouter = Router(ROUTER_OPTIONS)): IRouter {
  const authenticated = verifySession(ctx);

  /** Ending other devices needs a recent proof of identity (ASVS 7.5.2). */
  const requireRecentAuthentication = async (handle: SessionHandle): Promise<void> => {
    const { session } = await currentRecord(ctx, handle);
    if (!isRecentlyAuthenticated(ctx, session)) {
      throw new ApiError('REAUTH_REQUIRED', 'For your security, enter your password again to sign out other devices.');
    }
  };


  router.get('/api/me', authenticated, async (req: Request, res: Response) => {
    const handle = sessionOf(req);
    const record = handle.record ?? (await ctx.store.findSessionWithUser(handle.getHandle()));
    if (record !== null) {
      res.json({ user: toPublicUser(record.user), session: toPublicSession(record.session, record.session.id) });
      return;
    }
    // Stateless mode, session already revoked: the token is honoured until it expires, as the
    // mode promises, but only the token's own facts are known.
    const user = await ctx.store.findUserById(handle.getUserId());
    if (user === null || user.disabledAt !== null) throw new ApiError('UNAUTHORISED', 'This session has ended. Sign in again.');
    res.json({ user: toPublicUser(user), session: tokenOnlySession(handle) });
  });

  router.get('/api/sessions', authenticated, validQuery(listSessionsQuerySchema), async (req: Request, res: Response) => {
    const handle = sessionOf(req);
    const query = res.locals.query as { tenant?: 'all' };
    const filter = query.tenant === 'all' ? {} : { tenantId: handle.getTenantId() };
    const sessions = await ctx.store.listSessionsByUser(handle.getUserId(), ctx.clock(), filter);
    res.json({ sessions: sortSessions(sessions.map((session) => toPublicSession(session, handle.getHandle()))) });
  });

  router.delete('/api/sessions/:id', authenticated, validSessionIdParam(), async (req: Request, res: Response) => {
    const handle = sessionOf(req);
    const id = String(req.params.id);
    if (id === handle.getHandle()) {
      await revokeSessions(ctx, [id], 'signed-out');
      signOutClient(ctx, res, handle.mode === 'header');
      res.status(204).end();
      return;
    }
    const target = id.length > 64 ? null : await ctx.store.findSessionById(id);
    // Scoped to the caller's user and tenant: a session of another user, or of this user in
    // another tenant (which `?tenant=all` may list), answers like an unknown id.
    if (target === null || target.userId !== handle.getUserId() || target.tenantId !== handle.getTenantId() || target.expiresAt <= ctx.clock()) {
      throw notFound();
    }
    await requireRecentAuthentication(handle);
    if ((await revokeSessions(ctx, [id], 'revoked-by-user')).length === 0) throw notFound();
    res.status(204).end();
  });

  router.delete('/api/sessions', authenticated, validQuery(revokeManyQuerySchema), async (req: Request, res: Response) => {
    const handle = sessionOf(req);
    const { scope } = res.locals.query as { scope: 'others' | 'all' };
    await requireRecentAuthentication(handle);
    const filter = scope === 'others' ? { tenantId: handle.getTenantId(), exceptSessionId: handle.getHandle() } : { tenantId: handle.getTenantId() };
    const revoked = await revokeSessionsOfUser(ctx, handle.getUserId(), filter, scope === 'others' ? 'signed-out-others' : 'signed-out-all');
    if (scope === 'all') signOutClient(ctx, res, handle.mode === 'header');
    res.json({ revoked: revoked.length });
  });

  return router;
}

function tokenOnlySession(handle: SessionHandle): PublicSession {
  const issuedAt = new Date(handle.claims.iat * 1000).toISOString();
  return {
    id: handle.getHandle(),
    current: true,
    tenantId: handle.getTenantId(),
    createdAt: issuedAt,
    lastActiveAt: issuedAt,
    expiresAt: new Date(handle.claims.exp * 1000).toISOString(),
    device: { name: 'Unknown device', browser: null, browserVersion: null, os: null, type: 'unknown', label: null },
    ip: null,
    client: handle.mode === 'header' ? 'api' : 'web',
  };
}
