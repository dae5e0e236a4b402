/**
 * The CSRF rule of the contract: a cookie-authenticated request that changes state must come
 * from an origin on the exact-match allowlist (the server's own, or the extension's). A missing
 * Origin, `null`, or a lookalike counts as not allowed. Sign-in and sign-up carry no session
 * cookie, so they are refused only when a browser names a foreign origin (login CSRF).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { CookieNames } from './cookies.ts';
import { readCredentials } from './credentials.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CREDENTIAL_ISSUING_PATHS = new Set(['/auth/signin', '/auth/signup']);

export function allowedOriginSet(config: Config): ReadonlySet<string> {
  return new Set([...config.publicOrigins, ...config.allowedOrigins]);
}

export function originCheck(config: Config, names: CookieNames) {
  const allowed = allowedOriginSet(config);
  const refuse = (): ApiError => new ApiError('FORBIDDEN_ORIGIN', 'This request did not come from an allowed origin, so nothing was changed.');
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const credentials = readCredentials(req, names);
    if (credentials.mode === 'header') return next();
    if (CREDENTIAL_ISSUING_PATHS.has(req.path)) {
      if (origin !== undefined && !allowed.has(origin)) throw refuse();
      return next();
    }
    if (credentials.mode === 'cookie' && (origin === undefined || !allowed.has(origin))) throw refuse();
    next();
  };
}
