/**
 * /auth: sign-up, sign-in, refresh, sign-out, re-authentication and password change. Each route
 * parses, calls one core function (server/session/accounts.ts, sessions.ts, my-sessions.ts)
 * and responds.
 */
import type { IRouter, Request, Response } from 'express';
import type * as z from 'zod/mini';
import {
  changePasswordRequestSchema,
  reauthenticateRequestSchema,
  signInRequestSchema,
  signUpRequestSchema,
} from '../../../shared/schemas.ts';
import type { ChangePasswordRequest, ReauthenticateRequest } from '../../../shared/schemas.ts';
import { changePassword, reauthenticate, signIn, signUp } from '../../session/accounts.ts';
import type { SessionContext } from '../../session/context.ts';
import { signOut } from '../../session/my-sessions.ts';
import { toPublicSession, toPublicUser } from '../../session/public-session.ts';
import { refreshSession } from '../../session/sessions.ts';
import { sessionOf, verifySession } from '../authenticate.ts';
import { clientIp, deviceOf } from '../client-info.ts';
import { clearSessionCookies, cookieNames } from '../cookies.ts';
import { presentedToken, readCredentials, wantsHeaderMode } from '../credentials.ts';
import { presentedDeviceTokens } from '../device-cookie.ts';
import { toApiError, unwrap } from '../failure-to-error.ts';
import { jsonBody } from '../json-body.ts';
import { deliverTokens, signOutClient } from '../respond.ts';

export function authRoutes(ctx: SessionContext, router: IRouter): IRouter {
  const names = cookieNames(ctx.config);
  const authenticated = verifySession(ctx);

  router.post('/auth/signup', jsonBody(signUpRequestSchema), async (req: Request, res: Response) => {
    const body = res.locals.body as z.output<typeof signUpRequestSchema>;
    const headerMode = wantsHeaderMode(req);
    const presented = presentedDeviceTokens(req, ctx.config, headerMode);
    const { user, issued } = unwrap(await signUp(ctx, body, deviceOf(req, headerMode), presented));
    const session = toPublicSession(issued.session, issued.session.id);
    res
      .status(201)
      .json({ user: toPublicUser(user), session, ...deliverTokens(ctx, res, issued, headerMode, presented) });
  });

  router.post('/auth/signin', jsonBody(signInRequestSchema), async (req: Request, res: Response) => {
    const body = res.locals.body as z.output<typeof signInRequestSchema>;
    const headerMode = wantsHeaderMode(req);
    const presented = presentedDeviceTokens(req, ctx.config, headerMode);
    const { user, issued } = unwrap(await signIn(ctx, body, deviceOf(req, headerMode), presented));
    const session = toPublicSession(issued.session, issued.session.id);
    res.json({ user: toPublicUser(user), session, ...deliverTokens(ctx, res, issued, headerMode, presented) });
  });

  router.post('/auth/session/refresh', async (req: Request, res: Response) => {
    const credentials = readCredentials(req, names);
    const headerMode = credentials.mode === 'header';
    const result = await refreshSession(ctx, presentedToken(credentials, 'refresh'));
    if (!result.ok) {
      if (!headerMode) clearSessionCookies(res, ctx.config);
      throw toApiError(result);
    }
    const issued = result.value;
    res.json({
      session: toPublicSession(issued.session, issued.session.id),
      ...deliverTokens(ctx, res, issued, headerMode),
    });
  });

  router.post('/auth/signout', async (req: Request, res: Response) => {
    const credentials = readCredentials(req, names);
    signOutClient(ctx, res, credentials.mode === 'header');
    unwrap(await signOut(ctx, presentedToken(credentials, 'access')));
    res.json({});
  });

  router.post(
    '/auth/reauthenticate',
    authenticated,
    jsonBody(reauthenticateRequestSchema),
    async (req: Request, res: Response) => {
      const { password } = res.locals.body as ReauthenticateRequest;
      const { session, reissued } = unwrap(await reauthenticate(ctx, sessionOf(req), password, clientIp(req)));
      if (reissued !== null) deliverTokens(ctx, res, reissued, false);
      res.json({ session: toPublicSession(session, session.id) });
    },
  );

  router.post(
    '/auth/password',
    authenticated,
    jsonBody(changePasswordRequestSchema),
    async (req: Request, res: Response) => {
      const body = res.locals.body as ChangePasswordRequest;
      const caller = sessionOf(req);
      const { issued, revoked } = unwrap(await changePassword(ctx, caller, body, clientIp(req)));
      const session = toPublicSession(issued.session, issued.session.id);
      res.json({ session, revoked, ...deliverTokens(ctx, res, issued, caller.mode === 'header') });
    },
  );

  return router;
}
