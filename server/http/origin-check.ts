/**
 * The CSRF rule of the contract: a cookie-authenticated request that changes state must come
 * from an origin on the exact-match allowlist (the server's own, or the extension's). A missing
 * Origin, `null`, or a lookalike counts as not allowed. Sign-in and sign-up carry no session
 * cookie, so they are refused only when a browser names a foreign origin (login CSRF), and not
 * at all in header mode (see below).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { CookieNames } from './cookies.ts';
import { readCredentials, wantsHeaderMode } from './credentials.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CREDENTIAL_ISSUING_PATHS = new Set(['/auth/signin', '/auth/signup']);

export function allowedOriginSet(config: Config): ReadonlySet<string> {
  return new Set([...config.publicOrigins, ...config.allowedOrigins]);
}

export function originCheck(config: Config, names: CookieNames) {
  const allowed = allowedOriginSet(config);
  const refuse = (): ApiError =>
    new ApiError('FORBIDDEN_ORIGIN', 'This request did not come from an allowed origin, so nothing was changed.');
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const credentials = readCredentials(req, names);
    if (credentials.mode === 'header') return next();
    if (CREDENTIAL_ISSUING_PATHS.has(req.path)) {
      // Header-mode sign-in/sign-up passes from any origin (issue 14: the Firefox extension's
      // moz-extension://<random uuid> origin cannot be listed ahead of time). It is safe: the
      // route then sets no cookie and returns the tokens only in the body, which a cross-site
      // page cannot read (we never send CORS headers), so a forged one signs no browser in
      // (no login CSRF) and hands the attacker nothing; and a page cannot even send the
      // non-safelisted X-Auth-Mode header without a preflight, which is never granted.
      // It must be the very predicate the route uses to decide "no cookie": a looser test here
      // ("Header", any value, a body or query flag) would let a cookie-setting sign-in through.
      if (wantsHeaderMode(req)) return next();
      if (origin !== undefined && !allowed.has(origin)) throw refuse();
      return next();
    }
    if (credentials.mode === 'cookie' && (origin === undefined || !allowed.has(origin))) throw refuse();
    next();
  };
}
