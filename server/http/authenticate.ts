/**
 * `verifySession()`: the authentication middleware, used by our own routes and exported for
 * code that runs beside the server. It accepts a header-mode Bearer token or the access cookie.
 */
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors.ts';
import type { SessionContext } from '../session/context.ts';
import { checkAccessToken, revokeSessions } from '../session/sessions.ts';
import type { AccessClaims } from '../session/access-token.ts';
import type { SessionWithUser } from '../storage/store.ts';
import { cookieNames } from './cookies.ts';
import { presentedToken, readCredentials } from './credentials.ts';
import { clientIp } from './client-info.ts';

/** What `req.session` offers to route handlers. */
export interface SessionHandle {
  /** The public session id. */
  getHandle(): string;
  getUserId(): string;
  getTenantId(): string;
  /** How the request authenticated: `header` (Bearer) or `cookie`. */
  readonly mode: 'header' | 'cookie';
  /** The verified access token's claims. */
  readonly claims: AccessClaims;
  /** The stored session and user, when the store was consulted (strict mode). */
  readonly record: SessionWithUser | null;
  /** Revokes this session (offline-style: cookies are cleared only by the sign-out routes). */
  revokeSession(): Promise<void>;
}

declare global {
  // Express's own extension point for request properties.
  // eslint-disable-next-line @typescript-eslint/no-namespace
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
  const checkDatabase = options.checkDatabase ?? ctx.config.revocationMode === 'strict';
  const names = cookieNames(ctx.config);
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const credentials = readCredentials(req, names);
    const token = presentedToken(credentials, 'access');
    if (token === undefined) throw new ApiError('UNAUTHORISED', 'Sign in to continue.');
    const check = await checkAccessToken(ctx, token, { checkDatabase, ip: () => clientIp(req) });
    if (!check.ok) {
      throw check.code === 'TRY_REFRESH_TOKEN'
        ? new ApiError('TRY_REFRESH_TOKEN', 'The access token has expired; refresh the session.')
        : new ApiError('UNAUTHORISED', 'This session has ended. Sign in again.');
    }
    req.session = new VerifiedSession(ctx, check.claims, check.record, credentials.mode === 'header' ? 'header' : 'cookie');
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

  async revokeSession(): Promise<void> {
    await revokeSessions(this.ctx, [this.claims.sid], 'revoked-by-handler');
  }
}

/** The session handle set by verifySession; a programming error if missing. */
export function sessionOf(req: Request): SessionHandle {
  if (req.session === undefined) throw new Error('verifySession() must run before this handler');
  return req.session;
}
