/**
 * Public, unauthenticated endpoints: the JWKS, health, and the OpenAPI document.
 */
import { Router } from 'express';
import { ROUTER_OPTIONS } from '../router-options.ts';
import type { IRouter, Request, Response } from 'express';
import type { SessionContext } from '../../session/context.ts';
import { buildOpenApiDocument } from '../openapi.ts';

/** Adds the routes to `router` (the app itself on the request path: one Express layer less than a nested router). */
export function metaRoutes(ctx: SessionContext, router: IRouter = Router(ROUTER_OPTIONS)): IRouter {
  let openApi: unknown = null;

  router.get('/.well-known/jwks.json', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(ctx.keys.jwks());
  });

  router.get('/healthz', async (_req: Request, res: Response) => {
    // One cheap read proves the store answers; a StoreUnavailableError becomes a 503.
    await ctx.store.findTenant('public');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, store: ctx.store.kind });
  });

  router.get('/openapi.json', (_req: Request, res: Response) => {
    openApi ??= buildOpenApiDocument(ctx.config.issuer);
    res.json(openApi);
  });

  return router;
}
