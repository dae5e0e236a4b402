/**
 * Our routes for a host application, as one Express router to mount under a prefix of its
 * choosing: `app.use('/sc', sc.router())`. The same routes as the standalone app (refresh,
 * sign-out, the session list, the history, the event stream, GET /api/me), with the same checks
 * and the contract's error shape, but without our email/password accounts unless asked for.
 */
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { reauthenticateRequestSchema } from '../../shared/schemas.ts';
import type { ReauthenticateRequest } from '../../shared/schemas.ts';
import type { SessionContext } from '../session/context.ts';
import { reauthenticateHostUser } from '../session/host-reauth.ts';
import { toPublicSession } from '../session/public-session.ts';
import { requestChecks } from './app.ts';
import { sessionOf, verifySession } from './authenticate.ts';
import { clientIp } from './client-info.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { unwrap } from './failure-to-error.ts';
import { jsonBody } from './json-body.ts';
import { deliverTokens } from './respond.ts';
import { ROUTER_OPTIONS } from './router-options.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';

export interface HostRouterOptions {
  /**
   * Also serve our own email/password accounts (POST /auth/signup, /auth/signin,
   * /auth/reauthenticate, /auth/password). Default false: the host signs people in itself.
   */
  accounts?: boolean;
}

/** The routes that exist only for our own accounts. */
const ACCOUNT_PATHS: ReadonlySet<string> = new Set([
  '/auth/signup',
  '/auth/signin',
  '/auth/reauthenticate',
  '/auth/password',
]);

export function hostRouter(ctx: SessionContext, options: HostRouterOptions = {}): Router {
  const router = Router(ROUTER_OPTIONS);
  const { basePath } = ctx.config;
  let mountChecked = false;
  router.use((req: Request, _res: Response, next: NextFunction) => {
    // The refresh cookie's Path names the prefix: mounted anywhere else, refreshing would fail
    // quietly in every browser. Say so at the first request instead.
    if (!mountChecked && req.baseUrl !== basePath) {
      throw new Error(`Session Control's router is mounted at "${req.baseUrl}" but basePath is "${basePath}".`);
    }
    mountChecked = true;
    next();
  });
  router.use(requestChecks(ctx));
  if (!options.accounts && ctx.hooks?.verifyPassword) hostReauthRoute(ctx, router);
  if (!options.accounts) {
    router.use((req: Request, res: Response, next: NextFunction) =>
      ACCOUNT_PATHS.has(req.path) ? notFound(req, res, next) : next(),
    );
  }
  sessionRoutes(ctx, router);
  eventRoutes(ctx, router);
  authRoutes(ctx, router);
  // Only what is ours: anything else under the prefix is answered here, in our error shape.
  router.use(notFound);
  router.use(errorHandler(ctx.log));
  return router;
}

/** POST /auth/reauthenticate for the host's own users, checked by its verifyPassword hook. */
function hostReauthRoute(ctx: SessionContext, router: Router): void {
  router.post(
    '/auth/reauthenticate',
    verifySession(ctx),
    jsonBody(reauthenticateRequestSchema),
    async (req: Request, res: Response) => {
      const { password } = res.locals.body as ReauthenticateRequest;
      const caller = sessionOf(req);
      const { session, reissued } = unwrap(await reauthenticateHostUser(ctx, caller, password, clientIp(req)));
      if (reissued !== null) deliverTokens(ctx, res, reissued, false);
      res.json({ session: toPublicSession(session, session.id) });
    },
  );
}
