/**
 * Session Control as a library, for code that runs beside the server. Two ways to use it:
 *
 * ```ts
 * const sc = await createSessionControl({ env: process.env });
 * app.get('/private', sc.verifySession(), (req, res) => res.json({ user: req.session!.getUserId() }));
 * await sc.revokeAllSessionsForUser(userId);
 * ```
 *
 * or, in the style of SuperTokens, `await init({...})` once and then the free functions below.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Express } from 'express';
import type { PublicSession, Tokens } from '../shared/schemas.ts';
import type { Config } from './config.ts';
import { loadConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { verifySession as verifySessionMiddleware } from './http/authenticate.ts';
import type { VerifySessionOptions } from './http/authenticate.ts';
import { deviceOf } from './http/client-info.ts';
import { wantsHeaderMode } from './http/credentials.ts';
import { deliverTokens } from './http/respond.ts';
import type { Logger } from './log.ts';
import { createLogger } from './log.ts';
import type { SessionContext } from './session/context.ts';
import { createSessionContext } from './session/context.ts';
import {
  createSessionFor,
  findLiveSession,
  listUserSessions,
  revokeSessionsById,
  revokeUserSessions,
} from './session/operators.ts';
import { toPublicSession } from './session/public-session.ts';
import { DEFAULT_TENANT_ID } from './session/records.ts';
import type { Store } from './session/store.ts';
import { openEventTransport, openStore } from './storage/open-store.ts';

export type { SessionHandle, VerifySessionOptions } from './http/authenticate.ts';
export type { Config } from './config.ts';
export type { Store, Store as SessionStore } from './session/store.ts';
export { loadConfig, ConfigError } from './config.ts';
export { createApp } from './http/app.ts';
export { createLogger } from './log.ts';

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

export interface SessionControl {
  /** The Express app serving the whole HTTP contract (it does not listen). */
  readonly app: Express;
  readonly config: Config;
  readonly store: Store;
  /** Middleware that authenticates the request and sets `req.session` (or answers 401). */
  verifySession(options?: VerifySessionOptions): RequestHandler;
  /**
   * Creates a session for `userId` on this request's device and hands its tokens to the client
   * (cookies, or `tokens` in the result when the request asked for header mode).
   */
  createNewSession(
    req: Request,
    res: Response,
    userId: string,
    options?: { tenantId?: string },
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
}

/** Builds Session Control: configuration, store, keys and the app. */
export async function createSessionControl(options: CreateSessionControlOptions = {}): Promise<SessionControl> {
  const config = options.config ?? loadConfig(options.env ?? process.env);
  const store = options.store ?? (await openStore(config.databaseUrl, config));
  const ctx = await createSessionContext({
    store,
    config,
    log: options.log ?? createLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
    // A store of the host's own: events stay in this process (its URL is not known here).
    ...(options.store === undefined ? { events: openEventTransport(config.databaseUrl) } : {}),
  });
  return sessionControlFor(ctx);
}

/** The offline operations over an existing context (the server's own, or a host's). */
export function sessionControlFor(ctx: SessionContext): SessionControl {
  const app = createApp(ctx);
  return {
    app,
    config: ctx.config,
    store: ctx.store,
    verifySession: (options) => verifySessionMiddleware(ctx, options),
    async createNewSession(req, res, userId, options = {}) {
      const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
      const headerMode = wantsHeaderMode(req);
      const created = await createSessionFor(ctx, userId, tenantId, deviceOf(req, headerMode));
      if (!created.ok) throw new Error(`User ${userId} is not in tenant ${tenantId}`);
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
      await ctx.events.close();
      await ctx.store.close();
    },
  };
}

let defaultInstance: SessionControl | null = null;

function instance(): SessionControl {
  if (defaultInstance === null) throw new Error('Call init() before using the Session Control functions.');
  return defaultInstance;
}

/** Initialises the default instance used by the free functions below. */
export async function init(options: CreateSessionControlOptions = {}): Promise<SessionControl> {
  defaultInstance = await createSessionControl(options);
  return defaultInstance;
}

/** See SessionControl.verifySession. Requires init(). */
export const verifySession = (options?: VerifySessionOptions): RequestHandler => {
  let handler: RequestHandler | null = null;
  return (req, res, next) => {
    handler ??= instance().verifySession(options);
    return handler(req, res, next);
  };
};
/** See SessionControl.createNewSession. Requires init(). */
export const createNewSession = (req: Request, res: Response, userId: string, options?: { tenantId?: string }) =>
  instance().createNewSession(req, res, userId, options);
/** See SessionControl.revokeSession. Requires init(). */
export const revokeSession = (sessionId: string) => instance().revokeSession(sessionId);
/** See SessionControl.revokeMultipleSessions. Requires init(). */
export const revokeMultipleSessions = (sessionIds: readonly string[]) => instance().revokeMultipleSessions(sessionIds);
/** See SessionControl.revokeAllSessionsForUser. Requires init(). */
export const revokeAllSessionsForUser = (userId: string, options?: TenantOption) =>
  instance().revokeAllSessionsForUser(userId, options);
/** See SessionControl.getAllSessionHandlesForUser. Requires init(). */
export const getAllSessionHandlesForUser = (userId: string, options?: TenantOption) =>
  instance().getAllSessionHandlesForUser(userId, options);
/** See SessionControl.getSessionInformation. Requires init(). */
export const getSessionInformation = (sessionId: string) => instance().getSessionInformation(sessionId);
