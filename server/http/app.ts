/**
 * createApp builds the Express application from its dependencies and never listens; main.ts
 * (or a test, or a host application) decides where it runs.
 */
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import type { SessionContext } from '../session/context.ts';
import { cookieNames } from './cookies.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { bodySizeGuard } from './json-body.ts';
import { originCheck } from './origin-check.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { dashboardRoutes } from './routes/dashboard-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { metaRoutes } from './routes/meta-routes.ts';
import { passwordResetRoutes } from './routes/password-reset-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * OPTIONS gets an empty 204 with no CORS headers: a preflight from another origin learns nothing
 * and is refused by the browser, and nobody gets Express's plain-text default.
 */
function answerOptions(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Allow', 'GET, HEAD, POST, DELETE, OPTIONS');
  res.status(204).end();
}

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * Runs middleware one after another in a single layer. A step that answers (and so does not call
 * next) ends the request there; next(error) or a throw goes to the error handler. A step may call
 * next later (the body-size guard does, for a chunked body); the sequence then goes on from there.
 */
function inSequence(...steps: Middleware[]): Middleware {
  return (req, res, next) => {
    const runFrom = (first: number): void => {
      for (const [index, step] of steps.entries()) {
        if (index < first) continue;
        let synchronous = true;
        let passed = false;
        let failure: unknown;
        step(req, res, (error?: unknown) => {
          if (synchronous) {
            passed = true;
            failure = error;
          } else if (error !== undefined) {
            next(error);
          } else {
            try {
              runFrom(index + 1);
            } catch (thrown) {
              next(thrown);
            }
          }
        });
        synchronous = false;
        if (!passed) return;
        if (failure !== undefined) return next(failure);
      }
      next();
    };
    runFrom(0);
  };
}

/**
 * The checks every request passes, as one layer: each Express layer costs a little on every
 * request, and these are plain synchronous functions. Also the first layer of a host's router.
 */
export function requestChecks(ctx: SessionContext): Middleware {
  return inSequence(
    securityHeaders({ hsts: ctx.config.secureCookies }),
    bodySizeGuard,
    originCheck(ctx.config, cookieNames(ctx.config)),
    answerOptions,
  );
}

export function createApp(ctx: SessionContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple');
  // See router-options.ts.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  app.use(requestChecks(ctx));
  // The session routes first: GET /api/me and the list are what every page and popup call.
  sessionRoutes(ctx, app);
  eventRoutes(ctx, app);
  authRoutes(ctx, app);
  passwordResetRoutes(ctx, app);
  metaRoutes(ctx, app);
  if (ctx.config.dashboardDir !== null) app.use(dashboardRoutes(ctx.config.dashboardDir));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
