/**
 * Hands new tokens to the client the way it asked for them: as cookies (default), or in the
 * body's `tokens` for header-mode clients. Never both.
 */
import type { Response } from 'express';
import type { Tokens } from '../../shared/schemas.ts';
import type { SessionContext } from '../session/context.ts';
import type { IssuedSession } from '../session/sessions.ts';
import { clearSessionCookies, setSessionCookies } from './cookies.ts';

export function deliverTokens(ctx: SessionContext, res: Response, issued: IssuedSession, headerMode: boolean): { tokens?: Tokens } {
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
 * Ends the session on the client's side too: cookie-mode clients get both cookies deleted, and
 * every client is asked to clear site cookies and storage (ASVS 14.3.1).
 */
export function signOutClient(ctx: SessionContext, res: Response, headerMode: boolean): void {
  if (!headerMode) clearSessionCookies(res, ctx.config);
  res.setHeader('Clear-Site-Data', '"cookies", "storage"');
}
