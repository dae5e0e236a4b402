/**
 * The typed client of the HTTP contract (shared/API.md), used by the dashboard and the extension.
 * Every method resolves to `{ data, error }` and never throws; answers are parsed with the zod
 * schemas of shared/schemas.ts, so a caller only ever sees the contract's shapes.
 */
import type * as z from 'zod/mini';
import type { ClientErrorCode, ErrorCode } from '../errors.ts';
import {
  authResponseSchema,
  changePasswordResponseSchema,
  emptyResponseSchema,
  errorBodySchema,
  healthResponseSchema,
  meResponseSchema,
  refreshResponseSchema,
  revokedCountResponseSchema,
  sessionListResponseSchema,
} from '../schemas.ts';
import type {
  AuthResponse,
  ChangePasswordRequest,
  ChangePasswordResponse,
  HealthResponse,
  MeResponse,
  RefreshResponse,
  RevokedCountResponse,
  SessionListResponse,
  SignInRequest,
  SignUpRequest,
  Tokens,
} from '../schemas.ts';
import { parseRetryAfter } from './retry-after.ts';

/** What went wrong, in the contract's words (or the client's, for network and shape failures). */
export interface ApiError {
  code: ErrorCode | ClientErrorCode;
  /** A sentence for a person; the server's own message when it sent one. */
  message: string;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  /** From `Retry-After` on 429 (and 503), in whole seconds. */
  retryAfterSeconds?: number;
}

/** The outcome of every client call: exactly one of the two is set. */
export type ApiResult<T> = { data: T; error: null } | { data: null; error: ApiError };

/** Where header mode keeps its tokens (extension storage, memory…). */
export interface TokenStore {
  get(): Promise<Tokens | null>;
  set(tokens: Tokens): Promise<void>;
  clear(): Promise<void>;
}

/** The codes that mean the session is over and the person must sign in again. */
export type SessionEndedCode = 'UNAUTHORISED' | 'TOKEN_THEFT_DETECTED';

export interface ApiClientOptions {
  /** Origin (and optional path prefix) of the server, e.g. `location.origin`. */
  baseUrl: string;
  /** The fetch to use; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** `cookie` (default) lets the browser carry HttpOnly cookies; `header` keeps bearer tokens. */
  authMode?: 'cookie' | 'header';
  /** Header mode only: where tokens live. Defaults to memory. */
  tokenStore?: TokenStore;
}

/** Response bodies with no content (204, sign-out). */
export type EmptyResponse = z.infer<typeof emptyResponseSchema>;

export interface ApiClient {
  readonly authMode: 'cookie' | 'header';
  signUp(request: SignUpRequest): Promise<ApiResult<AuthResponse>>;
  signIn(request: SignInRequest): Promise<ApiResult<AuthResponse>>;
  signOut(): Promise<ApiResult<EmptyResponse>>;
  refresh(): Promise<ApiResult<RefreshResponse>>;
  me(): Promise<ApiResult<MeResponse>>;
  listSessions(options?: { allTenants?: boolean }): Promise<ApiResult<SessionListResponse>>;
  revokeSession(sessionId: string): Promise<ApiResult<EmptyResponse>>;
  revokeOtherSessions(): Promise<ApiResult<RevokedCountResponse>>;
  revokeAllSessions(): Promise<ApiResult<RevokedCountResponse>>;
  reauthenticate(password: string): Promise<ApiResult<RefreshResponse>>;
  changePassword(request: ChangePasswordRequest): Promise<ApiResult<ChangePasswordResponse>>;
  health(): Promise<ApiResult<HealthResponse>>;
  /**
   * Calls `listener` whenever a request learns that the session has ended (revoked elsewhere,
   * expired, or a stolen refresh token was detected). Returns a function that unsubscribes.
   */
  onSessionEnded(listener: (code: SessionEndedCode) => void): () => void;
}

type Credential = 'access' | 'refresh' | 'none';

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  schema: z.ZodMiniType<T>;
  body?: unknown;
  credential: Credential;
  /** Answer TRY_REFRESH_TOKEN with one refresh and one retry. */
  retryAfterRefresh: boolean;
  /** Sign-up and sign-in ask for tokens in the body in header mode. */
  asksForTokens?: boolean;
}

/** A stand-in token store for header mode when the host gives none. */
export function createMemoryTokenStore(): TokenStore {
  let tokens: Tokens | null = null;
  return {
    get: async () => tokens,
    set: async (next) => {
      tokens = next;
    },
    clear: async () => {
      tokens = null;
    },
  };
}

function failure<T>(error: ApiError): ApiResult<T> {
  return { data: null, error };
}

/** True when the error means the session is over and the person must sign in again. */
export function isSessionEnded(error: ApiError): error is ApiError & { code: SessionEndedCode } {
  return error.code === 'UNAUTHORISED' || error.code === 'TOKEN_THEFT_DETECTED';
}

/** Drops `tokens` from an answer: in header mode they live in the token store, nowhere else. */
function withoutTokens<T extends { tokens?: Tokens }>(body: T): T {
  const { tokens: _tokens, ...rest } = body;
  return rest as T;
}

/** Creates a client for one server. See {@link ApiClientOptions}. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const authMode = options.authMode ?? 'cookie';
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const tokenStore = options.tokenStore ?? createMemoryTokenStore();
  const listeners = new Set<(code: SessionEndedCode) => void>();
  // One refresh at a time: concurrent requests that all found their access token expired share it.
  let refreshInFlight: Promise<ApiResult<RefreshResponse>> | null = null;
  // Counts successful refreshes, so a request whose 401 arrives after another request already
  // refreshed retries at once instead of spending the new refresh token again.
  let refreshGeneration = 0;

  function notifySessionEnded(code: SessionEndedCode): void {
    for (const listener of [...listeners]) {
      try {
        listener(code);
      } catch {
        // A listener's failure must not turn into a rejected client call.
      }
    }
  }

  async function headersFor(spec: RequestSpec<unknown>): Promise<Headers> {
    const headers = new Headers({ Accept: 'application/json' });
    if (spec.body !== undefined) headers.set('Content-Type', 'application/json');
    if (authMode !== 'header') return headers;
    if (spec.asksForTokens) headers.set('X-Auth-Mode', 'header');
    if (spec.credential !== 'none') {
      const tokens = await tokenStore.get();
      const token = spec.credential === 'refresh' ? tokens?.refreshToken : tokens?.accessToken;
      if (token) headers.set('Authorization', `Bearer ${token}`);
    }
    return headers;
  }

  async function send<T>(spec: RequestSpec<T>): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${spec.path}`, {
        method: spec.method,
        headers: await headersFor(spec),
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        credentials: authMode === 'cookie' ? 'include' : 'omit',
        cache: 'no-store',
      });
    } catch {
      return failure({ code: 'NETWORK_ERROR', message: 'Could not reach the server. Check your connection and try again.', status: 0 });
    }
    return readResponse(response, spec.schema);
  }

  async function readResponse<T>(response: Response, schema: z.ZodMiniType<T>): Promise<ApiResult<T>> {
    let body: unknown = {};
    try {
      const text = await response.text();
      if (text.trim() !== '') body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(body);
      const error: ApiError = parsed.success
        ? { code: parsed.data.error.code, message: parsed.data.error.message, status: response.status }
        : { code: 'BAD_RESPONSE', message: `The server answered in an unexpected way (status ${response.status}).`, status: response.status };
      const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
      if (retryAfterSeconds !== null) error.retryAfterSeconds = retryAfterSeconds;
      return failure(error);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      return failure({ code: 'BAD_RESPONSE', message: 'The server answered in an unexpected way.', status: response.status });
    }
    return { data: parsed.data, error: null };
  }

  function refreshOnce(): Promise<ApiResult<RefreshResponse>> {
    refreshInFlight ??= (async () => {
      try {
        if (authMode === 'header' && !(await tokenStore.get())?.refreshToken) {
          return failure<RefreshResponse>({ code: 'UNAUTHORISED', message: 'You are not signed in.', status: 401 });
        }
        const result = await send({
          method: 'POST',
          path: '/auth/session/refresh',
          schema: refreshResponseSchema,
          credential: 'refresh',
          retryAfterRefresh: false,
        });
        if (result.data) {
          refreshGeneration += 1;
          if (authMode === 'header' && result.data.tokens) await tokenStore.set(result.data.tokens);
          return { data: withoutTokens(result.data), error: null };
        }
        return result;
      } finally {
        refreshInFlight = null;
      }
    })();
    return refreshInFlight;
  }

  async function endSession(code: SessionEndedCode): Promise<void> {
    if (authMode === 'header') await tokenStore.clear().catch(() => undefined);
    notifySessionEnded(code);
  }

  /** Sends an authenticated request, refreshing once when the access token has expired. */
  async function call<T>(spec: RequestSpec<T>): Promise<ApiResult<T>> {
    const generationAtSend = refreshGeneration;
    let result = await send(spec);
    if (result.error?.code === 'TRY_REFRESH_TOKEN' && spec.retryAfterRefresh) {
      const alreadyRefreshed = refreshInFlight === null && refreshGeneration !== generationAtSend;
      if (!alreadyRefreshed) {
        const refreshed = await refreshOnce();
        if (refreshed.error) {
          // A refresh that could not be sent (offline, 503) says nothing about the session.
          if (refreshed.error.status !== 401) return failure(refreshed.error);
          await endSession(refreshed.error.code === 'TOKEN_THEFT_DETECTED' ? 'TOKEN_THEFT_DETECTED' : 'UNAUTHORISED');
          return failure({ code: 'UNAUTHORISED', message: refreshed.error.message, status: 401 });
        }
      }
      result = await send(spec);
    }
    if (result.error && isSessionEnded(result.error)) await endSession(result.error.code);
    return result;
  }

  async function authenticate(path: string, request: SignInRequest | SignUpRequest): Promise<ApiResult<AuthResponse>> {
    const result = await send({
      method: 'POST',
      path,
      schema: authResponseSchema,
      body: request,
      credential: 'none',
      retryAfterRefresh: false,
      asksForTokens: true,
    });
    if (!result.data) return result;
    if (authMode === 'header') {
      if (!result.data.tokens) {
        return failure({ code: 'BAD_RESPONSE', message: 'The server did not hand out tokens.', status: 200 });
      }
      await tokenStore.set(result.data.tokens);
    }
    return { data: withoutTokens(result.data), error: null };
  }

  return {
    authMode,
    signUp: (request) => authenticate('/auth/signup', request),
    signIn: (request) => authenticate('/auth/signin', request),
    async signOut() {
      const result = await send({
        method: 'POST',
        path: '/auth/signout',
        schema: emptyResponseSchema,
        credential: 'access',
        retryAfterRefresh: false,
      });
      // Whatever the answer, this device is signed out now: forget its tokens.
      if (authMode === 'header') await tokenStore.clear().catch(() => undefined);
      return result;
    },
    refresh: () => refreshOnce(),
    me: () => call({ method: 'GET', path: '/api/me', schema: meResponseSchema, credential: 'access', retryAfterRefresh: true }),
    listSessions: (options) =>
      call({
        method: 'GET',
        path: options?.allTenants ? '/api/sessions?tenant=all' : '/api/sessions',
        schema: sessionListResponseSchema,
        credential: 'access',
        retryAfterRefresh: true,
      }),
    revokeSession: (sessionId) =>
      call({
        method: 'DELETE',
        path: `/api/sessions/${encodeURIComponent(sessionId)}`,
        schema: emptyResponseSchema,
        credential: 'access',
        retryAfterRefresh: true,
      }),
    revokeOtherSessions: () =>
      call({ method: 'DELETE', path: '/api/sessions?scope=others', schema: revokedCountResponseSchema, credential: 'access', retryAfterRefresh: true }),
    async revokeAllSessions() {
      const result = await call({
        method: 'DELETE',
        path: '/api/sessions?scope=all',
        schema: revokedCountResponseSchema,
        credential: 'access',
        retryAfterRefresh: true,
      });
      if (result.data && authMode === 'header') await tokenStore.clear().catch(() => undefined);
      return result;
    },
    async reauthenticate(password) {
      const result = await call({
        method: 'POST',
        path: '/auth/reauthenticate',
        schema: refreshResponseSchema,
        body: { password },
        credential: 'access',
        retryAfterRefresh: true,
      });
      return result.data ? { data: withoutTokens(result.data), error: null } : result;
    },
    async changePassword(request) {
      const result = await call({
        method: 'POST',
        path: '/auth/password',
        schema: changePasswordResponseSchema,
        body: request,
        credential: 'access',
        retryAfterRefresh: true,
      });
      if (!result.data) return result;
      if (authMode === 'header' && result.data.tokens) await tokenStore.set(result.data.tokens);
      return { data: withoutTokens(result.data), error: null };
    },
    health: () => call({ method: 'GET', path: '/healthz', schema: healthResponseSchema, credential: 'none', retryAfterRefresh: false }),
    onSessionEnded(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
