/**
 * The session cookies. Both are HttpOnly with an explicit SameSite; the refresh cookie is sent
 * only to the refresh endpoint. The access cookie lives as long as the session (not as long as
 * the token) so that an expired token still reaches us and is answered TRY_REFRESH_TOKEN.
 * Over HTTPS the names carry the __Host-/__Secure- prefixes, which browsers enforce.
 */
import { parse, serialize } from 'cookie';
import type { SerializeOptions } from 'cookie';
import type { Request, Response } from 'express';
import type { Config } from '../config.ts';

export const REFRESH_COOKIE_PATH = '/auth/session/refresh';

/** The refresh cookie goes only to the refresh route, wherever the host mounted our routes. */
export function refreshCookiePath(config: Pick<Config, 'basePath'>): string {
  return `${config.basePath}${REFRESH_COOKIE_PATH}`;
}

export interface CookieNames {
  access: string;
  refresh: string;
}

export function cookieNames(config: Pick<Config, 'secureCookies'>): CookieNames {
  return config.secureCookies
    ? { access: '__Host-sc_access', refresh: '__Secure-sc_refresh' }
    : { access: 'sc_access', refresh: 'sc_refresh' };
}

/** Our two cookies from the request, if present. Other cookies are ignored. */
export function readSessionCookies(req: Request, names: CookieNames): { access?: string; refresh?: string } {
  const header = req.headers.cookie;
  // Node already bounds header size; no extra cap, or a big cookie from another localhost app
  // could push ours out and sign the person out.
  if (header === undefined) return {};
  const jar = parse(header);
  const result: { access?: string; refresh?: string } = {};
  if (jar[names.access]) result.access = jar[names.access];
  if (jar[names.refresh]) result.refresh = jar[names.refresh];
  return result;
}

function baseOptions(config: Config): SerializeOptions {
  // Strict: a cross-site request never carries the session, whatever the origin check says.
  return { httpOnly: true, secure: config.secureCookies, sameSite: 'strict' };
}

export function setSessionCookies(
  res: Response,
  config: Config,
  tokens: { accessToken: string; refreshToken: string },
  sessionExpiresAt: number,
  now: number,
): void {
  const names = cookieNames(config);
  const maxAge = Math.max(0, Math.floor((sessionExpiresAt - now) / 1000));
  res.append('Set-Cookie', serialize(names.access, tokens.accessToken, { ...baseOptions(config), path: '/', maxAge }));
  res.append(
    'Set-Cookie',
    serialize(names.refresh, tokens.refreshToken, { ...baseOptions(config), path: refreshCookiePath(config), maxAge }),
  );
}

/** Deletes both cookies (same name and Path, expired). */
export function clearSessionCookies(res: Response, config: Config): void {
  const names = cookieNames(config);
  const expired = { ...baseOptions(config), maxAge: 0, expires: new Date(0) };
  res.append('Set-Cookie', serialize(names.access, '', { ...expired, path: '/' }));
  res.append('Set-Cookie', serialize(names.refresh, '', { ...expired, path: refreshCookiePath(config) }));
}
