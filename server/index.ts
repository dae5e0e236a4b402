/**
 * Session Control as a library (`session-control`), for code that runs beside the server. Two
 * ways to use it:
 *
 * ```ts
 * const sc = await createSessionControl({ env: process.env, basePath: '/sc' });
 * app.use('/sc', sc.router());
 * app.get('/private', sc.verifySession(), (req, res) => res.json({ user: req.session!.getUserId() }));
 * await sc.revokeAllSessionsForUser(userId);
 * ```
 *
 * or, in the style of SuperTokens, `await init({...})` once and then the free functions.
 * docs/integration.md has the whole path for an Express site.
 */
export type { SessionHandle, VerifySessionOptions } from './http/authenticate.ts';
export type { HostRouterOptions } from './http/host-router.ts';
export type { Config } from './config.ts';
export type { SessionHooks, SessionRef } from './session/hooks.ts';
export type { Store, Store as SessionStore } from './session/store.ts';
export type { EndReason, PublicSession, Tokens } from '../shared/schemas.ts';
export type {
  CreateNewSessionOptions,
  CreateSessionControlOptions,
  SessionControl,
  SessionInformation,
  TenantOption,
} from './library/session-control.ts';
export { loadConfig, ConfigError } from './config.ts';
export { createApp } from './http/app.ts';
export { createLogger } from './log.ts';
export { createSessionControl, sessionControlFor } from './library/session-control.ts';
export {
  createNewSession,
  getAllSessionHandlesForUser,
  getSessionInformation,
  init,
  revokeAllSessionsForUser,
  revokeMultipleSessions,
  revokeSession,
  router,
  verifySession,
} from './library/default-instance.ts';
