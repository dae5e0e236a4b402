/**
 * /auth: sign-up, sign-in, refresh, sign-out, re-authentication and password change.
 */
import { Router } from 'express';
import { ROUTER_OPTIONS } from '../router-options.ts';
import type * as z from 'zod/mini';
import type { IRouter, Request, Response } from 'express';
import {
  changePasswordRequestSchema,
  reauthenticateRequestSchema,
  signInRequestSchema,
  signUpRequestSchema,
} from '../../../shared/schemas.ts';
import type { ChangePasswordRequest, ReauthenticateRequest } from '../../../shared/schemas.ts';
import { ApiError } from '../../errors.ts';
import { changePassword, reauthenticate, signIn, signUp } from '../../session/accounts.ts';
import type { SessionContext } from '../../session/context.ts';
import { toPublicSession, toPublicUser } from '../../session/public-session.ts';
import { refreshSession, reissueTokens, revokeSessions } from '../../session/sessions.ts';
import { sessionOf, verifySession } from '../authenticate.ts';
import { clientIp, deviceOf } from '../client-info.ts';
import { clearSessionCookies, cookieNames } from '../cookies.ts';
import { presentedToken, readCredentials, wantsHeaderMode } from '../credentials.ts';
import { jsonBody } from '../json-body.ts';
import { deliverTokens, signOutClient } from '../respond.ts';
import { currentRecord } from './current-record.ts';


/** Adds the routes to `router` (the app itself on the request path: one Express layer less than a nested router). */
export function authRoutes(ctx: SessionContext, router: IRouter = Router(ROUTER_OPTIONS)): IRouter {
  const names = cookieNames(ctx.config);
  const authenticated = verifySession(ctx);

  router.post('/auth/signup', jsonBody(signUpRequestSchema), async (req: Request, res: Response) => {
    const body = res.locals.body as z.output<typeof signUpRequestSchema>;
    const headerMode = wantsHeaderMode(req);
    const { user, issued } = await signUp(ctx, body, deviceOf(req, headerMode));
    res.status(201).json({ user: toPublicUser(user), session: toPublicSession(issued.session, issued.session.id), ...deliverTokens(ctx, res, issued, headerMode) });
  });

  router.post('/auth/signin', jsonBody(signInRequestSchema), async (req: Request, res: Response) => {
    const body = res.locals.body as z.output<typeof signInRequestSchema>;
    const headerMode = wantsHeaderMode(req);
    const { user, issued } = await signIn(ctx, body, deviceOf(req, headerMode));
    res.json({ user: toPublicUser(user), session: toPublicSession(issued.session, issued.session.id), ...deliverTokens(ctx, res, issued, headerMode) });
  });

  router.post('/auth/session/refresh', async (req: Request, res: Response) => {
    const credentials = readCredentials(req, names);
    const token = presentedToken(credentials, 'refresh');
    const headerMode = credentials.mode === 'header';
    const result = token === undefined ? ({ kind: 'unauthorised' } as const) : await refreshSession(ctx, token);
    if (result.kind !== 'refreshed') {
      if (!headerMode) clearSessionCookies(res, ctx.config);
      throw result.kind === 'theft'
        ? new ApiError('TOKEN_THEFT_DETECTED', 'This refresh token was already used, so the session has been ended to protect the account. Sign in again.')
        : new ApiError('UNAUTHORISED', 'This session has ended. Sign in again.');
    }
    res.json({ session: toPublicSession(result.session, result.session.id), ...deliverTokens(ctx, res, result, headerMode) });
  });

  router.post('/auth/signout', async (req: Request, res: Response) => {
    const credentials = readCredentials(req, names);
    signOutClient(ctx, res, credentials.mode === 'header');
    const token = presentedToken(credentials, 'access');
    // An expired (but genuine) access token still names the session to end: signing out must
    // work after a laptop wakes from sleep.
    const check = token === undefined ? null : await ctx.verifier.check(token, ctx.clock());
    const sessionId = check !== null && (check.ok || check.reason === 'expired') ? check.claims.sid : null;
    const revoked = sessionId === null ? [] : await revokeSessions(ctx, [sessionId], 'signed-out');
    if (revoked.length === 0) throw new ApiError('UNAUTHORISED', 'There was no session to sign out of.');
    res.json({});
  });

  router.post('/auth/reauthenticate', authenticated, jsonBody(reauthenticateRequestSchema), async (req: Request, res: Response) => {
    const { password } = res.locals.body as ReauthenticateRequest;
    const handle = sessionOf(req);
    const { session, user } = await currentRecord(ctx, handle);
    const updated = await reauthenticate(ctx, session, user, password, clientIp(req));
    // Cookie mode: a fresh proof of identity gets fresh tokens (ASVS 7.2.4), invisibly to the page.
    // Header mode keeps its tokens: the contract's answer carries none, so a client could not
    // learn the new ones.
    if (handle.mode === 'cookie') {
      const reissued = await reissueTokens(ctx, updated);
      if (reissued === null) throw new ApiError('UNAUTHORISED', 'This session has ended. Sign in again.');
      deliverTokens(ctx, res, { session: reissued.session, tokens: reissued.tokens }, false);
    }
    res.json({ session: toPublicSession(updated, updated.id) });
  });

  router.post('/auth/password', authenticated, jsonBody(changePasswordRequestSchema), async (req: Request, res: Response) => {
    const body = res.locals.body as ChangePasswordRequest;
    const handle = sessionOf(req);
    const record = await currentRecord(ctx, handle);
    const { issued, revoked } = await changePassword(ctx, record, body, clientIp(req));
    res.json({ session: toPublicSession(issued.session, issued.session.id), revoked, ...deliverTokens(ctx, res, issued, handle.mode === 'header') });
  });

  return router;
}
