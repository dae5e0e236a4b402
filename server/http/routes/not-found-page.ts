/**
 * What a person's browser gets for an address that is not a page: a small HTML page with a link
 * home, in place of the JSON error an API client gets. Only for GET/HEAD navigations (Accept
 * names text/html) outside the API's prefixes, so every API answer keeps the contract's shape.
 */
import type { NextFunction, Request, Response } from 'express';
import { DASHBOARD_CSP } from '../security-headers.ts';

/** Paths whose answers are the contract's JSON, whoever asks. */
const API_PREFIXES = ['/api/', '/auth/', '/.well-known/'];
const API_PATHS = new Set(['/api', '/auth', '/healthz', '/openapi.json']);

/** Whether a request is a person's browser asking for a page, not a client asking the API. */
export function isPageRequest(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (API_PATHS.has(req.path) || API_PREFIXES.some((prefix) => req.path.startsWith(prefix))) return false;
  return /\btext\/html\b/.test(req.get('accept') ?? '');
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · Session Control</title>
</head>
<body>
<main>
<h1>There is no page at this address</h1>
<p><a href="/">Go to Session Control</a></p>
</main>
</body>
</html>
`;

export function notFoundPage(req: Request, res: Response, next: NextFunction): void {
  if (!isPageRequest(req)) return next();
  res.status(404);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.end(req.method === 'HEAD' ? undefined : PAGE);
}
