/**
 * `verifySession()`: the authentication middleware, used by our own routes and exported for
 * code that runs beside the server. It accepts a header-mode Bearer token or the access cookie.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AccessClaims } from '../session/access-token.ts';
import type { SessionContext } from '../session/context.ts';
import type { SessionWithUser } from '../session/records.ts';
import type { Caller } from '../session/request-check.ts';
import { checkAccessToken } from '../session/request-check.ts';
import { endSessions } from '../session/revocation.ts';
import { clientIp } from './client-info.ts';
import { cookieNames } from './cookies.ts';
import { presentedToken, readCredentials } from './credentials.ts';
import { fail } from '../session/failures.ts';
import { toApiError } from './failure-to-error.ts';

/** What `req.session` offers to route handlers. */
export interface SessionHandle extends Caller {
  /** The public session id. */
  getHandle(): string;
  getUserId(): string;
  getTenantId(): string;
  /** The host application's own claims of the access token (`accessTokenClaims`); {} when none. */
  getAccessTokenPayload(): Record<string, unknown>;
  /** Revokes this session (offline-style: cookies are cleared only by the sign-out routes). */
  revokeSession(): Promise<void>;
}

declare global {
  // Express's own extension point for request properties.
  namespace Express {
    interface Request {
      session?: SessionHandle;
    }
  }
}

export interface VerifySessionOptions {
  /**
   * Look the session up in the store on every request, so a revocation takes effect at once.
   * Defaults to true in strict mode and false in stateless mode.
   */
  checkDatabase?: boolean;
}

/**
 * Authenticates the request or answers 401 (`TRY_REFRESH_TOKEN` when only the access token's
 * time is up, `UNAUTHORISED` otherwise). On success `req.session` is set.
 */
export function verifySession(ctx: SessionContext, options: VerifySessionOptions = {}) {
  const names = cookieNames(ctx.config);
  const notSignedIn = toApiError(fail('not-signed-in'));
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const credentials = readCredentials(req, names);
    const token = presentedToken(credentials, 'access');
    if (token === undefined) throw notSignedIn;
    const check = await checkAccessToken(ctx, token, { ...options, ip: () => clientIp(req) });
    if (!check.ok) throw toApiError(check);
    const { claims, record } = check.value;
    req.session = new VerifiedSession(ctx, claims, record, credentials.mode === 'header' ? 'header' : 'cookie');
    next();
  };
}

/** A verified request's session (a class, not closures: this is built on every request). */
class VerifiedSession implements SessionHandle {
  constructor(
    private readonly ctx: SessionContext,
    readonly claims: AccessClaims,
    readonly record: SessionWithUser | null,
    readonly mode: 'header' | 'cookie',
  ) {}

  getHandle(): string {
    return this.claims.sid;
  }

  getUserId(): string {
    return this.claims.sub;
  }

  getTenantId(): string {
    return this.claims.tid;
  }

  getAccessTokenPayload(): Record<string, unknown> {
    return { ...this.claims.ext };
  }

  async revokeSession(): Promise<void> {
    await endSessions(this.ctx, { ids: [this.claims.sid] }, 'revoked-by-handler');
  }
}

/** The session handle set by verifySession; a programming error if missing. */
export function sessionOf(req: Request): SessionHandle {
  if (req.session === undefined) throw new Error('verifySession() must run before this handler');
  return req.session;
}
