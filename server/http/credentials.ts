/**
 * Where a request's credentials come from. An `Authorization: Bearer` header makes it a
 * header-mode request (exempt from the origin check: a cross-site page cannot set that header
 * without a CORS preflight, which we never grant); otherwise our cookies are used.
 */
import type { Request } from 'express';
import { ApiError } from '../errors.ts';
import type { CookieNames } from './cookies.ts';
import { readSessionCookies } from './cookies.ts';

export type Credentials =
  | { mode: 'header'; token: string }
  | { mode: 'cookie'; access?: string; refresh?: string }
  | { mode: 'none' };

export function readCredentials(req: Request, names: CookieNames): Credentials {
  const authorization = req.headers.authorization;
  // Only the Bearer scheme is ours; any other (Basic auth from a proxy in front) is not about
  // us and leaves the cookies in charge.
  if (authorization !== undefined && /^bearer /i.test(authorization)) {
    const token = authorization.slice(7).trim();
    if (!/^[\x21-\x7e]{1,4096}$/.test(token))
      throw new ApiError('UNAUTHORISED', 'The Authorization header must be "Bearer <token>".');
    return { mode: 'header', token };
  }
  const cookies = readSessionCookies(req, names);
  if (cookies.access === undefined && cookies.refresh === undefined) return { mode: 'none' };
  return { mode: 'cookie', ...cookies };
}

/** The token a request presents for `purpose`: its Bearer token, or the matching cookie. */
export function presentedToken(credentials: Credentials, purpose: 'access' | 'refresh'): string | undefined {
  if (credentials.mode === 'header') return credentials.token;
  if (credentials.mode === 'cookie') return credentials[purpose];
  return undefined;
}

/**
 * True when the client asked for header mode on sign-up or sign-in: the one header
 * `X-Auth-Mode` with exactly the value `header`. The routes set no cookie exactly when this is
 * true, and the origin check lets a sign-in/sign-up from any origin through exactly when it is
 * true (origin-check.ts says why); keep it one request header, never a body or query field,
 * which a cross-site form could send.
 */
export function wantsHeaderMode(req: Request): boolean {
  return req.headers['x-auth-mode'] === 'header';
}
