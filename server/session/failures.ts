/**
 * How the core says no: a failure is a value, never an HTTP error. Each kind names what went
 * wrong; server/http/failure-to-error.ts is the one place that turns a kind into a contract
 * error code, status and sentence.
 */

export type FailureKind =
  /** No credentials were presented. */
  | 'not-signed-in'
  /** The session was revoked, expired, or its user disabled. */
  | 'session-ended'
  /** Only the access token's time is up: a refresh may succeed. */
  | 'access-token-expired'
  /** Sign-out named no session that still exists. */
  | 'no-session-to-sign-out'
  /** Not among the caller's sessions (or no such session at all: the two look the same). */
  | 'session-not-found'
  /** Ending other devices needs a recent proof of identity. */
  | 'reauth-required'
  | 'invalid-credentials'
  | 'email-taken'
  | 'unknown-tenant'
  /** Too many attempts (`retryAfterSeconds` says for how long), or too much work queued. */
  | 'rate-limited'
  /** A rotated-out refresh token came back; its session has been ended. */
  | 'token-theft'
  /** A password reset link that is unknown, used or expired. */
  | 'reset-link-invalid'
  /** A history cursor that no page of ours handed out. */
  | 'bad-cursor'
  /** This instance holds as many event streams as it may (MAX_EVENT_STREAMS). */
  | 'service-unavailable';

export interface Failure {
  readonly ok: false;
  readonly failure: FailureKind;
  readonly retryAfterSeconds?: number;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Success<T> | Failure;

export function succeed<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function fail(failure: FailureKind, retryAfterSeconds?: number): Failure {
  return retryAfterSeconds === undefined ? { ok: false, failure } : { ok: false, failure, retryAfterSeconds };
}
