/**
 * Hands new tokens to the client the way it asked for them: as cookies (default), or in the
 * body's `tokens` for header-mode clients. Never both.
 */
import type { Response } from 'express';
import type { Tokens } from '../../shared/schemas.ts';
import type { SessionContext } from '../session/context.ts';
import type { IssuedSession } from '../session/sessions.ts';
import { clearSessionCookies, setSessionCookies } from './cookies.ts';

export function deliverTokens(
  ctx: SessionContext,
  res: Response,
  issued: IssuedSession,
  headerMode: boolean,
): { tokens?: Tokens } {
  if (headerMode) {
    return {
      tokens: {
        accessToken: issued.tokens.accessToken,
        refreshToken: issued.tokens.refreshToken,
        accessTokenExpiresAt: new Date(issued.tokens.accessTokenExpiresAt).toISOString(),
      },
    };
  }
  setSessionCookies(res, ctx.config, issued.tokens, issued.session.expiresAt, ctx.clock());
  return {};
}

/**
 * Ends the session on the client's side too (ASVS 14.3.1): a cookie-mode client gets both cookies
 * deleted and is asked to clear the site's cookies and storage. A header-mode client holds its
 * tokens itself and forgets them; it is sent no Clear-Site-Data, because Firefox applies the
 * header of an extension's request to the server's site, which would sign the dashboard tab of
 * the same browser out of its own (still live) session (issue 14).
 */
export function signOutClient(ctx: SessionContext, res: Response, headerMode: boolean): void {
  if (headerMode) return;
  clearSessionCookies(res, ctx.config);
  res.setHeader('Clear-Site-Data', '"cookies", "storage"');
}
