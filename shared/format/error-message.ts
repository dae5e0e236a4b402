/**
 * Error codes turned into sentences for people. The UI never shows a raw code; a message the
 * server wrote is used only where the contract says it explains the request (BAD_REQUEST).
 */
import type { ApiFailure } from '../client/api-client.ts';
import { formatDuration } from './relative-time.ts';

/** The one sentence for a session that is over, wherever the person meets it. */
export const SESSION_ENDED_MESSAGE = 'Your session has ended. Sign in again.';

/** What the person was doing, to word the sentence for it. */
export type ErrorContext =
  | 'sign-in'
  | 'sign-up'
  | 'reauthenticate'
  | 'change-password'
  | 'sessions'
  | 'revoke'
  | 'history';

/** A sentence explaining `error` to the person who met it while doing `context`. */
export function describeError(error: ApiFailure, context: ErrorContext): string {
  switch (error.code) {
    case 'RATE_LIMITED':
      return error.retryAfterSeconds === undefined
        ? 'Too many attempts. Wait a while, then try again.'
        : `Too many attempts. Try again in ${formatDuration(error.retryAfterSeconds)}.`;
    case 'INVALID_CREDENTIALS':
      if (context === 'sign-in') return 'That email and password do not match an account.';
      return context === 'change-password' ? 'Your current password is not right.' : 'That password is not right.';
    case 'EMAIL_TAKEN':
      return 'An account with that email already exists. Sign in instead.';
    case 'BAD_REQUEST':
      return error.message || 'Check what you entered and try again.';
    case 'NETWORK_ERROR':
      // The real cause: this device has no network, or the server does not answer.
      return typeof navigator !== 'undefined' && navigator.onLine === false
        ? 'You are offline. Try again when you are back online.'
        : 'Session Control cannot be reached right now. Try again in a moment.';
    case 'SERVICE_UNAVAILABLE':
      return error.retryAfterSeconds === undefined
        ? 'Session Control is busy or starting up. Try again in a moment.'
        : `Session Control is busy or starting up. Try again in ${formatDuration(error.retryAfterSeconds)}.`;
    case 'SESSION_NOT_FOUND':
      return 'That device is already signed out.';
    case 'UNAUTHORISED':
    case 'TOKEN_THEFT_DETECTED':
    case 'TRY_REFRESH_TOKEN':
      return SESSION_ENDED_MESSAGE;
    case 'REAUTH_REQUIRED':
      return 'Confirm your password to do this.';
    case 'FORBIDDEN_ORIGIN':
      return 'This page is not allowed to change your sessions. Open the account page directly.';
    case 'PAYLOAD_TOO_LARGE':
      return 'What you entered is too long.';
    default:
      if (context === 'sessions') return 'Your devices could not be loaded. Try again.';
      if (context === 'history') return 'The devices signed out recently could not be loaded. Try again.';
      return 'Something went wrong on our side. Try again.';
  }
}
