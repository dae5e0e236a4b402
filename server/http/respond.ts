/**
 * Hands new tokens to the client the way it asked for them: as cookies (default), or in the
 * body's `tokens` for header-mode clients. Never both.
 */
import type { Response } from 'express';
import type { Tokens } from '../../shared/schemas.ts';
import type { SessionContext } from '../session/context.ts';
import type { IssuedSession } from '../session/sessions.ts';
import { setSessionCookies } from './cookies.ts';

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
