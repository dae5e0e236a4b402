/**
 * Error codes turned into sentences for people. The UI never shows a raw code; a message the
 * server wrote is used only where the contract says it explains the request (BAD_REQUEST).
 */
import type { ApiFailure } from '../client/api-client.ts';
import { en } from '../i18n/en/index.ts';
import { t } from '../i18n/index.ts';
import { formatDuration } from './relative-time.ts';

/** The one sentence for a session that is over, in English (`t.sessionEnded` says it in the chosen language). */
export const SESSION_ENDED_MESSAGE = en.sessionEnded;

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
        ? t.tooManyAttempts
        : t.tooManyAttemptsWait(formatDuration(error.retryAfterSeconds));
    case 'INVALID_CREDENTIALS':
      if (context === 'sign-in') return t.wrongCredentials;
      return context === 'change-password' ? t.wrongCurrentPassword : t.wrongPassword;
    case 'EMAIL_TAKEN':
      return t.emailTaken;
    case 'BAD_REQUEST':
      return error.message || t.checkInput;
    case 'NETWORK_ERROR':
      // The real cause: this device has no network, or the server does not answer.
      return typeof navigator !== 'undefined' && navigator.onLine === false ? t.offline : t.unreachable;
    case 'SERVICE_UNAVAILABLE':
      return error.retryAfterSeconds === undefined ? t.busy : t.busyWait(formatDuration(error.retryAfterSeconds));
    case 'SESSION_NOT_FOUND':
      return t.alreadySignedOutDevice;
    case 'UNAUTHORISED':
    case 'TOKEN_THEFT_DETECTED':
    case 'TRY_REFRESH_TOKEN':
      return t.sessionEnded;
    case 'REAUTH_REQUIRED':
      return t.confirmPassword;
    case 'FORBIDDEN_ORIGIN':
      return t.forbiddenOrigin;
    case 'PAYLOAD_TOO_LARGE':
      return t.tooLong;
    default:
      if (context === 'sessions') return t.devicesNotLoaded;
      if (context === 'history') return t.historyNotLoaded;
      return t.somethingWentWrong;
  }
}
