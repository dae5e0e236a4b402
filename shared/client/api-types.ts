/**
 * The shapes of the typed client: what every call resolves to, what a failure says, and the
 * client's own interface. The behaviour lives in api-client.ts (endpoints), transport.ts and
 * refresh-coordinator.ts.
 */
import type * as z from 'zod/mini';
import type { ClientErrorCode, ErrorCode } from '../errors.ts';
import type { emptyResponseSchema, sessionResponseSchema } from '../schemas.ts';
import type {
  AuthResponse,
  ChangePasswordRequest,
  ChangePasswordResponse,
  HealthResponse,
  HistoryResponse,
  MeResponse,
  NewSignInEvent,
  RefreshResponse,
  RevokedCountResponse,
  SessionEndedEvent,
  SessionListResponse,
  SessionsChangedEvent,
  SignInRequest,
  SignUpRequest,
} from '../schemas.ts';
import type { TokenStore } from './token-store.ts';

/**
 * What went wrong, in the contract's words (or the client's, for network and shape failures).
 * A value, never thrown (the server's thrown `ApiError` class is a different thing).
 */
export interface ApiFailure {
  code: ErrorCode | ClientErrorCode;
  /** A sentence for a person; the server's own message when it sent one. */
  message: string;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  /** From `Retry-After` on 429 (and 503), in whole seconds. */
  retryAfterSeconds?: number;
}

/** The outcome of every client call: exactly one of the two is set. */
export type ApiResult<T> = { data: T; error: null } | { data: null; error: ApiFailure };

/** The codes that mean the session is over and the person must sign in again. */
export type SessionEndedCode = 'UNAUTHORISED' | 'TOKEN_THEFT_DETECTED';

/** True when the failure means the session is over and the person must sign in again. */
export function isSessionEnded(error: ApiFailure): error is ApiFailure & { code: SessionEndedCode } {
  return error.code === 'UNAUTHORISED' || error.code === 'TOKEN_THEFT_DETECTED';
}

/** A failed outcome carrying `error`. */
export function failure<T>(error: ApiFailure): ApiResult<T> {
  return { data: null, error };
}

/** How the client proves who it is: HttpOnly cookies carried by the browser, or bearer tokens. */
export type AuthMode = 'cookie' | 'header';

export interface ApiClientOptions {
  /** Origin (and optional path prefix) of the server, e.g. `location.origin`. */
  baseUrl: string;
  /** The fetch to use; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** `cookie` (default) lets the browser carry HttpOnly cookies; `header` keeps bearer tokens. */
  authMode?: AuthMode;
  /** Header mode only: where tokens live. Defaults to memory. */
  tokenStore?: TokenStore;
  /** The event stream's wait before its `failures`-th reconnect in a row; tests pass a short one. */
  eventBackoffMs?: (failures: number) => number;
  /** Where the browser announces `online` (default: the global scope); null for none. */
  onlineTarget?: EventTarget | null;
}

/** A page of `GET /api/sessions/history`: `before` is the `next` cursor of the page before. */
export interface HistoryOptions {
  /** 1 to 100; the server's default is 50. */
  limit?: number;
  before?: string | null;
}

/** What the app hears from the live event stream (`subscribeEvents`). */
export interface EventHandlers {
  /**
   * This session has ended, and why. The stream stops for good; the client then forgets
   * header-mode tokens and tells the `onSessionEnded` listeners too (after this handler).
   */
  onSessionEnded?(event: SessionEndedEvent): void;
  /** Another session of the user signed in, ended, was renamed or acknowledged: reload the list. */
  onSessionsChanged?(event: SessionsChangedEvent): void;
  /**
   * A device this account had not used before signed in (not this one): ask "Was this you?".
   * `sessions-changed` for it follows too, so lists reload as for any sign-in.
   */
  onNewSignIn?(event: NewSignInEvent): void;
  /** The stream is open again after a drop (or a failed first try): events may be missed, reload. */
  onReconnected?(): void;
  /** The stream is connected (true) or not (false): while it is, an ending is told here with why. */
  onConnectionChange?(open: boolean): void;
}

/** `{session}`: the answer of PATCH /api/sessions/:id. */
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** Response bodies with no content (204, sign-out). */
export type EmptyResponse = z.infer<typeof emptyResponseSchema>;

/** The HTTP contract as methods, one per endpoint. */
export interface ApiClient {
  readonly authMode: AuthMode;
  signUp(request: SignUpRequest): Promise<ApiResult<AuthResponse>>;
  signIn(request: SignInRequest): Promise<ApiResult<AuthResponse>>;
  signOut(): Promise<ApiResult<EmptyResponse>>;
  refresh(): Promise<ApiResult<RefreshResponse>>;
  me(): Promise<ApiResult<MeResponse>>;
  listSessions(options?: { allTenants?: boolean }): Promise<ApiResult<SessionListResponse>>;
  revokeSession(sessionId: string): Promise<ApiResult<EmptyResponse>>;
  /**
   * Names the device that session runs on (PATCH /api/sessions/:id); `null` removes the name.
   * The server trims it and wants 1 to 40 characters; its BAD_REQUEST message says what is wrong.
   */
  renameSession(sessionId: string, label: string | null): Promise<ApiResult<SessionResponse>>;
  /** "Yes, it was me": that session's `newDevice` becomes false (POST /api/sessions/:id/acknowledge). */
  acknowledgeSession(sessionId: string): Promise<ApiResult<EmptyResponse>>;
  revokeOtherSessions(): Promise<ApiResult<RevokedCountResponse>>;
  revokeAllSessions(): Promise<ApiResult<RevokedCountResponse>>;
  reauthenticate(password: string): Promise<ApiResult<RefreshResponse>>;
  changePassword(request: ChangePasswordRequest): Promise<ApiResult<ChangePasswordResponse>>;
  health(): Promise<ApiResult<HealthResponse>>;
  /** The caller's ended sessions, newest first, a page at a time. */
  history(options?: HistoryOptions): Promise<ApiResult<HistoryResponse>>;
  /**
   * Opens the live event stream (GET /api/events) and keeps it open, reconnecting after drops,
   * until the returned function is called or this session ends. See {@link EventHandlers}.
   */
  subscribeEvents(handlers: EventHandlers): () => void;
  /**
   * Calls `listener` whenever a request learns that the session has ended (revoked elsewhere,
   * expired, or a stolen refresh token was detected). Returns a function that unsubscribes.
   * This is the one way the hosts learn of it.
   */
  onSessionEnded(listener: (code: SessionEndedCode) => void): () => void;
}
