/**
 * The typed client of the HTTP contract, used by the dashboard and the extension: the endpoint
 * table, and the one entry point importers use. Every method resolves to `{ data, error }` and
 * never throws; answers are parsed with the zod schemas of shared/schemas.ts, so a caller only
 * ever sees the contract's shapes. The parts: api-types.ts (shapes), token-store.ts,
 * transport.ts (one exchange), refresh-coordinator.ts (refresh once, retry once, session ended).
 */
import {
  authResponseSchema,
  changePasswordResponseSchema,
  emptyResponseSchema,
  healthResponseSchema,
  historyResponseSchema,
  meResponseSchema,
  refreshResponseSchema,
  revokedCountResponseSchema,
  sessionListResponseSchema,
  sessionResponseSchema,
} from '../schemas.ts';
import type { AuthResponse, SignInRequest, SignUpRequest } from '../schemas.ts';
import type { ApiClient, ApiClientOptions, ApiResult } from './api-types.ts';
import { failure } from './api-types.ts';
import { createEventSubscriber } from './event-stream.ts';
import { createRefreshCoordinator } from './refresh-coordinator.ts';
import { createMemoryTokenStore, withoutTokens } from './token-store.ts';
import { createTransport } from './transport.ts';

export type {
  ApiClient,
  ApiClientOptions,
  ApiFailure,
  ApiResult,
  AuthMode,
  EmptyResponse,
  EventHandlers,
  HistoryOptions,
  SessionEndedCode,
  SessionResponse,
} from './api-types.ts';
export { isSessionEnded } from './api-types.ts';
export type { TokenStore } from './token-store.ts';
export { createMemoryTokenStore } from './token-store.ts';

/** Creates a client for one server. See {@link ApiClientOptions}. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const authMode = options.authMode ?? 'cookie';
  const tokenStore = options.tokenStore ?? createMemoryTokenStore();
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const send = createTransport({ baseUrl, fetch: fetchImpl, authMode, tokenStore });
  // Set while this device signs itself out, so that its own session-ended event adds nothing.
  let endingHere = false;
  // The password change in flight here, which gives this device a new session (see event-stream.ts).
  let replacingHere: Promise<unknown> | null = null;
  let replacementsDone = 0;
  const coordinator = createRefreshCoordinator(send, authMode, tokenStore, () => ({
    pending: replacingHere,
    done: replacementsDone,
  }));
  const { call, refresh, endSession, onSessionEnded } = coordinator;
  const whoAmI = () =>
    send({ method: 'GET', path: '/api/me', schema: meResponseSchema, credential: 'access', retryAfterRefresh: false });
  const subscribeEvents = createEventSubscriber({
    baseUrl,
    fetch: fetchImpl,
    authMode,
    tokenStore,
    refresh,
    endSession,
    whoAmI,
    endingHere: () => endingHere,
    replacingHere: () => replacingHere,
    backoffMs: options.eventBackoffMs,
    online: options.onlineTarget,
  });
  const forgetTokens = async (): Promise<void> => {
    if (authMode === 'header') await tokenStore.clear().catch(() => undefined);
  };

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
    endingHere = false;
    if (authMode === 'header') {
      if (!result.data.tokens) {
        return failure({ code: 'BAD_RESPONSE', message: 'The server did not hand out tokens.', status: 200 });
      }
      await tokenStore.set(result.data.tokens);
      const { deviceToken } = result.data.tokens;
      if (deviceToken) await tokenStore.setDeviceToken?.(deviceToken);
    }
    return { data: withoutTokens(result.data), error: null };
  }

  return {
    authMode,
    signUp: (request) => authenticate('/auth/signup', request),
    signIn: (request) => authenticate('/auth/signin', request),
    async signOut() {
      endingHere = true;
      const result = await send({
        method: 'POST',
        path: '/auth/signout',
        schema: emptyResponseSchema,
        credential: 'access',
        retryAfterRefresh: false,
      });
      // Whatever the answer, this device is signed out now: forget its tokens.
      await forgetTokens();
      if (result.error && result.error.status !== 401) endingHere = false;
      return result;
    },
    refresh,
    me: () =>
      call({ method: 'GET', path: '/api/me', schema: meResponseSchema, credential: 'access', retryAfterRefresh: true }),
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
    renameSession: (sessionId, label) =>
      call({
        method: 'PATCH',
        path: `/api/sessions/${encodeURIComponent(sessionId)}`,
        schema: sessionResponseSchema,
        body: { label },
        credential: 'access',
        retryAfterRefresh: true,
      }),
    acknowledgeSession: (sessionId) =>
      call({
        method: 'POST',
        path: `/api/sessions/${encodeURIComponent(sessionId)}/acknowledge`,
        schema: emptyResponseSchema,
        credential: 'access',
        retryAfterRefresh: true,
      }),
    revokeOtherSessions: () =>
      call({
        method: 'DELETE',
        path: '/api/sessions?scope=others',
        schema: revokedCountResponseSchema,
        credential: 'access',
        retryAfterRefresh: true,
      }),
    async revokeAllSessions() {
      endingHere = true;
      const result = await call({
        method: 'DELETE',
        path: '/api/sessions?scope=all',
        schema: revokedCountResponseSchema,
        credential: 'access',
        retryAfterRefresh: true,
      });
      if (result.data) await forgetTokens();
      else endingHere = false;
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
      const change = (async () => {
        const result = await call({
          method: 'POST',
          path: '/auth/password',
          schema: changePasswordResponseSchema,
          body: request,
          credential: 'access',
          retryAfterRefresh: true,
          replacesSession: true,
        });
        if (result.data && authMode === 'header' && result.data.tokens) await tokenStore.set(result.data.tokens);
        return result;
      })();
      replacingHere = change;
      try {
        const result = await change;
        return result.data ? { data: withoutTokens(result.data), error: null } : result;
      } finally {
        replacementsDone += 1;
        if (replacingHere === change) replacingHere = null;
      }
    },
    health: () =>
      call({
        method: 'GET',
        path: '/healthz',
        schema: healthResponseSchema,
        credential: 'none',
        retryAfterRefresh: false,
      }),
    history(query) {
      const params = new URLSearchParams();
      if (query?.limit !== undefined) params.set('limit', String(query.limit));
      if (query?.before) params.set('before', query.before);
      const search = params.size > 0 ? `?${params}` : '';
      return call({
        method: 'GET',
        path: `/api/sessions/history${search}`,
        schema: historyResponseSchema,
        credential: 'access',
        retryAfterRefresh: true,
      });
    },
    subscribeEvents,
    onSessionEnded,
  };
}
