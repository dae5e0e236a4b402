/**
 * Hands new tokens to the client the way it asked for them: as cookies (default), or in the
 * body's `tokens` for header-mode clients. Never both. The device secret goes with them, only from
 * sign-up and sign-in (the only ones whose IssuedSession carries it).
 */
import type { Response } from 'express';
import type { Tokens } from '../../shared/schemas.ts';
import type { SessionContext } from '../session/context.ts';
import type { IssuedSession } from '../session/sessions.ts';
import { clearSessionCookies, setSessionCookies } from './cookies.ts';
import { setDeviceCookie } from './device-cookie.ts';

export function deliverTokens(
  ctx: SessionContext,
  res: Response,
  issued: IssuedSession,
  headerMode: boolean,
  /** The device secrets the client presented, which the device cookie keeps beside this one. */
  presentedDeviceTokens: readonly string[] = [],
): { tokens?: Tokens } {
  if (headerMode) {
    return {
      tokens: {
        accessToken: issued.tokens.accessToken,
        refreshToken: issued.tokens.refreshToken,
        accessTokenExpiresAt: new Date(issued.tokens.accessTokenExpiresAt).toISOString(),
        ...(issued.deviceToken === undefined ? {} : { deviceToken: issued.deviceToken }),
      },
    };
  }
  setSessionCookies(res, ctx.config, issued.tokens, issued.session.expiresAt, ctx.clock());
  if (issued.deviceToken !== undefined) setDeviceCookie(res, ctx.config, issued.deviceToken, presentedDeviceTokens);
  return {};
}

/**
 * Ends the session on the client's side too (ASVS 14.3.1): a cookie-mode client gets both token
 * cookies deleted and is asked to clear the site's storage. Not "cookies": that would delete the
 * device cookie too, and signing out ends the session, not the device (issue 12). A header-mode client holds its
 * tokens itself and forgets them; it is sent no Clear-Site-Data, because Firefox applies the
 * header of an extension's request to the server's site, which would sign the dashboard tab of
 * the same browser out of its own (still live) session (issue 14).
 */
export function signOutClient(ctx: SessionContext, res: Response, headerMode: boolean): void {
  if (headerMode) return;
  clearSessionCookies(res, ctx.config);
  res.setHeader('Clear-Site-Data', '"storage"');
}
