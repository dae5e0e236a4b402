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
  if (authorization !== undefined) {
    const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(authorization);
    if (match === null) throw new ApiError('UNAUTHORISED', 'The Authorization header must be "Bearer <token>".');
    return { mode: 'header', token: match[1] as string };
  }
  const cookies = readSessionCookies(req, names);
  if (cookies.access === undefined && cookies.refresh === undefined) return { mode: 'none' };
  return { mode: 'cookie', ...cookies };
}

/** True when the client asked for header mode on sign-up or sign-in. */
export function wantsHeaderMode(req: Request): boolean {
  return req.headers['x-auth-mode'] === 'header';
}
