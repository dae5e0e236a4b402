/**
 * The one request a password reset link's page makes (POST /auth/password/reset). Kept out of
 * ApiClient: it needs no session, and only the dashboard's reset page sends it.
 */
import type { ResetPasswordRequest, ResetPasswordResponse } from '../password-reset-schemas.ts';
import { resetPasswordResponseSchema } from '../password-reset-schemas.ts';
import type { ApiResult } from './api-types.ts';
import { createMemoryTokenStore } from './token-store.ts';
import { createTransport } from './transport.ts';

/** Sets a new password with a reset link's token; `{data, error}` like every client call. */
export function resetPassword(
  baseUrl: string,
  request: ResetPasswordRequest,
  fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
): Promise<ApiResult<ResetPasswordResponse>> {
  const send = createTransport({ baseUrl, fetch: fetchImpl, authMode: 'cookie', tokenStore: createMemoryTokenStore() });
  return send({
    method: 'POST',
    path: '/auth/password/reset',
    schema: resetPasswordResponseSchema,
    body: request,
    credential: 'none',
    retryAfterRefresh: false,
  });
}
