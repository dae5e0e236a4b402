/**
 * Headers on every answer. API answers get a CSP that allows nothing (they are JSON, never a
 * document); the dashboard's pages replace it with their own. No CORS headers are ever sent:
 * the dashboard is same-origin and the extension's host permission needs none.
 */
import type { NextFunction, Request, Response } from 'express';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The headers every answer carries (the bench's reference server sends the same). */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
  ['Content-Security-Policy', API_CSP],
];

/** SECURITY_HEADERS, plus HSTS when the server is reached over HTTPS. */
export function hardeningHeaders(options: { hsts: boolean }): (readonly [string, string])[] {
  const fixed: (readonly [string, string])[] = [...SECURITY_HEADERS];
  if (options.hsts) fixed.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return fixed;
}

export function securityHeaders(options: { hsts: boolean }) {
  const fixed = hardeningHeaders(options);
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    // Nothing is cacheable unless a route says so (the dashboard's pages and hashed assets).
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
