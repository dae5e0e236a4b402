/**
 * The Express pieces (`session-control/express`): the middleware and the router of the default
 * instance (after `init()`), and the types a host's handlers see (`req.session`).
 *
 * ```ts
 * import { createNewSession, router, verifySession } from 'session-control/express';
 * app.use('/sc', router());
 * app.get('/settings', verifySession(), (req, res) => res.send(req.session!.getUserId()));
 * ```
 */
export type { SessionHandle, VerifySessionOptions } from './http/authenticate.ts';
export type { HostRouterOptions } from './http/host-router.ts';
export type { CreateNewSessionOptions } from './library/session-control.ts';
export { createNewSession, router, verifySession } from './library/default-instance.ts';
export { errorHandler } from './library/default-instance.ts';
