/**
 * POST /auth/password/reset: the page a reset link opens sends the link's token and a new
 * password (an addition to the v1.1 contract, in docs/api.md). No session is needed, and none is
 * created: every session of the user ends, and the person signs in with the new password.
 */
import type { IRouter, Request, Response } from 'express';
import { resetPasswordRequestSchema } from '../../../shared/password-reset-schemas.ts';
import type { ResetPasswordRequest } from '../../../shared/password-reset-schemas.ts';
import type { SessionContext } from '../../session/context.ts';
import { resetPassword } from '../../session/password-reset.ts';
import { unwrap } from '../failure-to-error.ts';
import { jsonBody } from '../json-body.ts';

export function passwordResetRoutes(ctx: SessionContext, router: IRouter): IRouter {
  router.post('/auth/password/reset', jsonBody(resetPasswordRequestSchema), async (_req: Request, res: Response) => {
    const { token, newPassword } = res.locals.body as ResetPasswordRequest;
    res.json(unwrap(await resetPassword(ctx, token, newPassword)));
  });
  return router;
}
