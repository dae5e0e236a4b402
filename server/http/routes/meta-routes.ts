/**
 * Public, unauthenticated endpoints: the JWKS, health, and the OpenAPI document.
 */
import type { IRouter, Request, Response } from 'express';
import type { SessionContext } from '../../session/context.ts';
import { checkStoreHealth } from '../../session/operators.ts';
import { buildOpenApiDocument } from '../openapi.ts';

export function metaRoutes(ctx: SessionContext, router: IRouter): IRouter {
  let openApi: unknown = null;

  router.get('/.well-known/jwks.json', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(ctx.keys.jwks());
  });

  router.get('/healthz', async (_req: Request, res: Response) => {
    // A StoreUnavailableError becomes a 503.
    const store = await checkStoreHealth(ctx);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, store });
  });

  router.get('/openapi.json', (_req: Request, res: Response) => {
    openApi ??= buildOpenApiDocument(ctx.config.issuer);
    res.json(openApi);
  });

  return router;
}
