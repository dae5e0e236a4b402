/**
 * The built dashboard, served from the same origin as the API so its HttpOnly cookies and the
 * origin check work without CORS. Only the dashboard's own routes return its page; anything
 * else unknown stays a JSON 404.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router } from 'express';
import { ROUTER_OPTIONS } from '../router-options.ts';
import type { Request, Response } from 'express';
import { DASHBOARD_CSP } from '../security-headers.ts';

export const DASHBOARD_PAGES = ['/', '/signin', '/account/security'];

export function dashboardRoutes(dashboardDir: string): Router {
  const router = Router(ROUTER_OPTIONS);
  const root = resolve(dashboardDir);
  const indexFile = join(root, 'index.html');
  router.use(
    '/assets',
    express.static(join(root, 'assets'), {
      index: false,
      redirect: false,
      fallthrough: true,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => {
        res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
        // Hashed file names never change content: let `maxAge` and `immutable` above set
        // Cache-Control (static only does when none is set yet), in place of the API's no-store.
        res.removeHeader('Cache-Control');
      },
    }),
  );
  for (const page of DASHBOARD_PAGES) {
    router.get(page, (_req: Request, res: Response, next) => {
      if (!existsSync(indexFile)) return next();
      res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexFile);
    });
  }
  for (const file of ['favicon.svg', 'favicon.ico']) {
    router.get(`/${file}`, (_req: Request, res: Response, next) => {
      const path = join(root, file);
      if (!existsSync(path)) return next();
      res.sendFile(path);
    });
  }
  return router;
}
