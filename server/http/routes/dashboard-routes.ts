/**
 * The built dashboard, served from the same origin as the API so its HttpOnly cookies and the
 * origin check work without CORS. The dashboard's own routes return its page, also with a trailing
 * slash and under the names a person guesses (/signup, /account); a browser asking for anything
 * else gets a small HTML 404 (not-found-page.ts), an API client the JSON one.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router } from 'express';
import { ROUTER_OPTIONS } from '../router-options.ts';
import type { Request, Response } from 'express';
import { DASHBOARD_CSP } from '../security-headers.ts';
import { notFoundPage } from './not-found-page.ts';

export const DASHBOARD_PAGES = ['/', '/signin', '/signup', '/account', '/account/security', '/reset-password'];

/** A page's path as the app routes it: /account/security/ is /account/security. */
function pagePath(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

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
  const pages = new Set(DASHBOARD_PAGES);
  router.get(/.*/, (req: Request, res: Response, next) => {
    // Only the page's own paths: an API path with a slash (/api/me/) stays the API's JSON 404.
    if (!pages.has(pagePath(req.path)) || !existsSync(indexFile)) return next();
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  for (const file of ['favicon.svg', 'favicon.ico']) {
    router.get(`/${file}`, (_req: Request, res: Response, next) => {
      const path = join(root, file);
      if (!existsSync(path)) return next();
      res.sendFile(path);
    });
  }
  router.use(notFoundPage);
  return router;
}
