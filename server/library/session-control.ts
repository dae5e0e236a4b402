/**
 * Session Control as an object: configuration, store, keys, the routes and the offline
 * operations, for a host application or the standalone server's own tests (see server/index.ts).
 */
import type { Express, Request, RequestHandler, Response, Router } from 'express';
import type { PublicSession, Tokens } from '../../shared/schemas.ts';
import { tenantIdSchema } from '../../shared/schemas.ts';
import type { Config } from '../config.ts';
import { ConfigError, loadConfig, parseBasePath } from '../config.ts';
import { createApp } from '../http/app.ts';
import { verifySession as verifySessionMiddleware } from '../http/authenticate.ts';
import type { VerifySessionOptions } from '../http/authenticate.ts';
import { deviceOf } from '../http/client-info.ts';
import { wantsHeaderMode } from '../http/credentials.ts';
import { errorHandler } from '../http/error-handler.ts';
import { hostRouter } from '../http/host-router.ts';
import type { HostRouterOptions } from '../http/host-router.ts';
import { deliverTokens } from '../http/respond.ts';
import type { Logger } from '../log.ts';
import { createLogger } from '../log.ts';
import type { SessionContext } from '../session/context.ts';
import { createSessionContext } from '../session/context.ts';
import { startEventReconciler } from '../session/event-reconciler.ts';
import type { SessionHooks } from '../session/hooks.ts';
import { createHostSession } from '../session/host-users.ts';
import { findLiveSession, listUserSessions, revokeSessionsById, revokeUserSessions } from '../session/operators.ts';
import { toPublicSession } from '../session/public-session.ts';
import { DEFAULT_TENANT_ID } from '../session/records.ts';
import type { Store } from '../session/store.ts';
import { startSweeper } from '../session/sweeper.ts';
import { openEventTransport, openStore } from '../storage/open-store.ts';

/** What getSessionInformation tells about a session. */
export interface SessionInformation {
  sessionHandle: string;
  userId: string;
  tenantId: string;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  device: PublicSession['device'];
  ip: string | null;
  client: PublicSession['client'];
}

export interface TenantOption {
  /** Limit to one tenant; every tenant when absent. */
  tenantId?: string;
}

export interface CreateNewSessionOptions {
  /** The tenant the session belongs to (default `public`); a host's new tenant is added. */
  tenantId?: string;
}

export interface SessionControl {
  /** The standalone Express app: the whole HTTP contract with our own accounts (it does not listen). */
  readonly app: Express;
  readonly config: Config;
  readonly store: Store;
  /**
   * Our routes for a host application, to mount at `basePath`: `app.use(sc.basePath, sc.router())`.
   * POST /auth/session/refresh, POST /auth/signout, GET /api/me, /api/sessions…, GET /api/events.
   */
  router(options?: HostRouterOptions): Router;
  /** Where router() is mounted ('' for the root). */
  readonly basePath: string;
  /**
   * Middleware that authenticates the request and sets `req.session`. A request without a live
   * session goes to the next error handler with an error carrying `status` 401 and `code`
   * (`TRY_REFRESH_TOKEN` or `UNAUTHORISED`); errorHandler() answers it in the contract's shape.
   */
  verifySession(options?: VerifySessionOptions): RequestHandler;
  /** An Express error handler answering our errors as the contract's JSON (`{error: {code, message}}`). */
  errorHandler(): (error: unknown, req: Request, res: Response, next: (error?: unknown) => void) => void;
  /**
   * Creates a session for `userId` (signed in by the host itself: its own password check or SSO)
   * on this request's device and hands its tokens to the client (cookies, or `tokens` in the
   * result when the request asked for header mode). A user id we never saw gets a minimal user
   * row of ours (no email, no password). Throws for one of our own accounts outside the tenant,
   * or a disabled user.
   */
  createNewSession(
    req: Request,
    res: Response,
    userId: string,
    options?: CreateNewSessionOptions,
  ): Promise<{ session: PublicSession; tokens?: Tokens }>;
  /** Revokes one session by its public id; true when it existed. */
  revokeSession(sessionId: string): Promise<boolean>;
  /** Revokes several sessions; returns the ids that existed. */
  revokeMultipleSessions(sessionIds: readonly string[]): Promise<string[]>;
  /** Revokes every session of a user, in every tenant unless one is named; returns their ids. */
  revokeAllSessionsForUser(userId: string, options?: TenantOption): Promise<string[]>;
  /** The ids of a user's live sessions, in every tenant unless one is named. */
  getAllSessionHandlesForUser(userId: string, options?: TenantOption): Promise<string[]>;
  /** What is known about a live session, or null. */
  getSessionInformation(sessionId: string): Promise<SessionInformation | null>;
  close(): Promise<void>;
}

export interface CreateSessionControlOptions {
  /** Environment to read the configuration from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A ready configuration instead of `env`. */
  config?: Config;
  /** A ready store instead of the one DATABASE_URL names. */
  store?: Store;
  log?: Logger;
  clock?: () => number;
  /** Where the host mounts router(), like `/sc` (default: the root). */
  basePath?: string;
  /** onSessionCreated, onSessionEnded, accessTokenClaims and verifyPassword (see SessionHooks). */
  hooks?: SessionHooks;
  /**
   * Run the background work the standalone server runs (default true): the sweeper that ends
   * expired sessions (so onSessionEnded hears `expired`) and purges old history, and the event
   * streams' reconciler. close() stops it.
   */
  background?: boolean;
}

/** Builds Session Control: configuration, store, keys and the app. */
export async function createSessionControl(options: CreateSessionControlOptions = {}): Promise<SessionControl> {
  const loaded = options.config ?? loadConfig(options.env ?? process.env);
  const basePath = options.basePath === undefined ? loaded.basePath : parseBasePath(options.basePath, 'basePath');
  const config = { ...loaded, basePath };
  const store = options.store ?? (await openStore(config.databaseUrl, config));
  const ctx = await createSessionContext({
    store,
    config,
    log: options.log ?? createLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
    // A store of the host's own: events stay in this process (its URL is not known here).
    ...(options.store === undefined ? { events: openEventTransport(config.databaseUrl) } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  if (options.background === false) return sessionControlFor(ctx);
  const work = [startSweeper(ctx), startEventReconciler(ctx)];
  return sessionControlFor(ctx, () => {
    for (const job of work) job.stop();
  });
}

/**
 * The offline operations over an existing context (the server's own, or a host's); `stop` ends
 * whatever the caller started beside it, on close().
 */
export function sessionControlFor(ctx: SessionContext, stop: () => void = () => undefined): SessionControl {
  let app: Express | null = null;
  return {
    get app() {
      app ??= createApp(ctx);
      return app;
    },
    config: ctx.config,
    store: ctx.store,
    basePath: ctx.config.basePath,
    router: (options) => hostRouter(ctx, options),
    verifySession: (options) => verifySessionMiddleware(ctx, options),
    errorHandler: () => errorHandler(ctx.log),
    async createNewSession(req, res, userId, options = {}) {
      const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
      if (!tenantIdSchema.safeParse(tenantId).success) throw new ConfigError(`"${tenantId}" is not a tenant id.`);
      const headerMode = wantsHeaderMode(req);
      const created = await createHostSession(ctx, userId, tenantId, deviceOf(req, headerMode));
      if (!created.ok) throw new Error(`User ${userId} cannot have a session in tenant ${tenantId}.`);
      const issued = created.value;
      return {
        session: toPublicSession(issued.session, issued.session.id),
        ...deliverTokens(ctx, res, issued, headerMode),
      };
    },
    async revokeSession(sessionId) {
      return (await revokeSessionsById(ctx, [sessionId], 'revoked-offline')).length === 1;
    },
    revokeMultipleSessions: (sessionIds) => revokeSessionsById(ctx, sessionIds, 'revoked-offline'),
    revokeAllSessionsForUser: (userId, options = {}) =>
      revokeUserSessions(ctx, userId, options.tenantId, 'revoked-offline'),
    async getAllSessionHandlesForUser(userId, options = {}) {
      return (await listUserSessions(ctx, userId, options.tenantId)).map((session) => session.id);
    },
    async getSessionInformation(sessionId) {
      const session = await findLiveSession(ctx, sessionId);
      if (session === null) return null;
      const visible = toPublicSession(session, null);
      return {
        sessionHandle: session.id,
        userId: session.userId,
        tenantId: session.tenantId,
        createdAt: visible.createdAt,
        lastActiveAt: visible.lastActiveAt,
        expiresAt: visible.expiresAt,
        device: visible.device,
        ip: visible.ip,
        client: visible.client,
      };
    },
    close: async () => {
      stop();
      await ctx.events.close();
      await ctx.store.close();
    },
  };
}
