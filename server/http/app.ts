/**
 * createApp builds the Express application from its dependencies and never listens; main.ts
 * (or a test, or a host application) decides where it runs.
 */
import express from 'express';
import type { Express } from 'express';
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

export function createApp(ctx: SessionContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple');

  app.use(securityHeaders({ hsts: ctx.config.secureCookies }));
  app.use(bodySizeGuard);
  app.use(originCheck(ctx.config, cookieNames(ctx.config)));
  app.use(metaRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(sessionRoutes(ctx));
  if (ctx.config.dashboardDir !== null) app.use(dashboardRoutes(ctx.config.dashboardDir));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
