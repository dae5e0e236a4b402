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
import { metaRoutes } from './routes/meta-routes.ts';
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

export function createApp(ctx: SessionContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple');
  // See router-options.ts.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  app.use(securityHeaders({ hsts: ctx.config.secureCookies }));
  app.use(bodySizeGuard);
  app.use(originCheck(ctx.config, cookieNames(ctx.config)));
  app.use(answerOptions);
  app.use(metaRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(sessionRoutes(ctx));
  if (ctx.config.dashboardDir !== null) app.use(dashboardRoutes(ctx.config.dashboardDir));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
