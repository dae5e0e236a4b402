/**
 * The default instance, in the style of SuperTokens: `await init({...})` once, then these free
 * functions anywhere in the host's code.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { VerifySessionOptions } from '../http/authenticate.ts';
import type { HostRouterOptions } from '../http/host-router.ts';
import { createSessionControl } from './session-control.ts';
import type {
  CreateNewSessionOptions,
  CreateSessionControlOptions,
  SessionControl,
  TenantOption,
} from './session-control.ts';

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
export const createNewSession = (req: Request, res: Response, userId: string, options?: CreateNewSessionOptions) =>
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
/** See SessionControl.router. Requires init() before the first request. */
export const router = (options?: HostRouterOptions): Router => {
  let routes: Router | null = null;
  return ((req, res, next) => {
    routes ??= instance().router(options);
    return routes(req, res, next);
  }) as Router;
};
/** See SessionControl.errorHandler. Requires init() before the first error. */
export const errorHandler =
  () =>
  (error: unknown, req: Request, res: Response, next: (error?: unknown) => void): void =>
    instance().errorHandler()(error, req, res, next);
