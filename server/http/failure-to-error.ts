/**
 * The one mapping from the core's failures to the contract's errors: code (and so status),
 * the sentence a person reads, and any header. Routes call `unwrap` on what the core returns.
 */
import type { ErrorCode } from '../../shared/errors.ts';
import { ApiError } from '../errors.ts';
import type { Failure, FailureKind, Result } from '../session/failures.ts';

const ERRORS: Record<Exclude<FailureKind, 'rate-limited'>, [ErrorCode, string]> = {
  'not-signed-in': ['UNAUTHORISED', 'Sign in to continue.'],
  'session-ended': ['UNAUTHORISED', 'This session has ended. Sign in again.'],
  'access-token-expired': ['TRY_REFRESH_TOKEN', 'The access token has expired; refresh the session.'],
  'no-session-to-sign-out': ['UNAUTHORISED', 'There was no session to sign out of.'],
  'session-not-found': ['SESSION_NOT_FOUND', 'There is no such session among yours.'],
  'reauth-required': ['REAUTH_REQUIRED', 'For your security, enter your password again to sign out other devices.'],
  'invalid-credentials': ['INVALID_CREDENTIALS', 'The email or password is not right.'],
  'email-taken': ['EMAIL_TAKEN', 'An account with this email already exists.'],
  'unknown-tenant': ['BAD_REQUEST', 'There is no such tenant.'],
  'reset-link-invalid': [
    'BAD_REQUEST',
    'This reset link has expired or was already used. Ask your administrator for a new one.',
  ],
  'bad-cursor': ['BAD_REQUEST', 'The before cursor is not one that a page of the history gave out.'],
  'service-unavailable': [
    'SERVICE_UNAVAILABLE',
    'This server has as many live connections as it can take. Try again soon.',
  ],
  'token-theft': [
    'TOKEN_THEFT_DETECTED',
    'This refresh token was already used, so the session has been ended to protect the account. Sign in again.',
  ],
};

export function toApiError(failure: Failure): ApiError {
  if (failure.failure === 'rate-limited') {
    const seconds = Math.max(1, Math.ceil(failure.retryAfterSeconds ?? 1));
    const minutes = Math.ceil(seconds / 60);
    const wait = minutes === 1 ? 'a minute' : `${minutes} minutes`;
    return new ApiError('RATE_LIMITED', `Too many attempts. Try again in ${wait}.`, { 'Retry-After': String(seconds) });
  }
  const [code, message] = ERRORS[failure.failure];
  if (failure.failure === 'service-unavailable') return new ApiError(code, message, { 'Retry-After': '5' });
  return new ApiError(code, message);
}

/** The value of a success; a failure is thrown as its ApiError, for the one error handler. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw toApiError(result);
  return result.value;
}
