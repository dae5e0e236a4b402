/**
 * Refresh coordination: an authenticated request that finds its access token expired refreshes
 * once (shared by every request that found the same) and retries once; a request that learns the
 * session is over forgets header-mode tokens and tells the `onSessionEnded` listeners.
 */
import type { RefreshResponse } from '../schemas.ts';
import { refreshResponseSchema } from '../schemas.ts';
import type { ApiResult, AuthMode, SessionEndedCode } from './api-types.ts';
import { failure, isSessionEnded } from './api-types.ts';
import type { TokenStore } from './token-store.ts';
import { withoutTokens } from './token-store.ts';
import type { RequestSpec, Send } from './transport.ts';

/** What the endpoint table uses for everything that is not a plain `send`. */
export interface RefreshCoordinator {
  /** Sends an authenticated request, refreshing once when the access token has expired. */
  call<T>(spec: RequestSpec<T>): Promise<ApiResult<T>>;
  /** One refresh at a time; concurrent callers share the one in flight. */
  refresh(): Promise<ApiResult<RefreshResponse>>;
  /** The session is over: forgets header-mode tokens and tells the `onSessionEnded` listeners. */
  endSession(code: SessionEndedCode): Promise<void>;
  /** See `ApiClient.onSessionEnded`. */
  onSessionEnded(listener: (code: SessionEndedCode) => void): () => void;
}

/** Creates the coordinator for one client. */
export function createRefreshCoordinator(
  send: Send,
  authMode: AuthMode,
  tokenStore: TokenStore,
  /**
   * This device's own password changes: the one in flight (if any) and how many have finished.
   * A change ends this device's session and hands out a new one, so a request sent while one was
   * under way that met the old session's end is sent once more when it is done.
   */
  replacements: () => { pending: Promise<unknown> | null; done: number } = () => ({ pending: null, done: 0 }),
): RefreshCoordinator {
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

  function refresh(): Promise<ApiResult<RefreshResponse>> {
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

  async function call<T>(spec: RequestSpec<T>): Promise<ApiResult<T>> {
    const generationAtSend = refreshGeneration;
    const replacementAtSend = spec.replacesSession ? null : replacements();
    let result = await send(spec);
    if (result.error?.code === 'TRY_REFRESH_TOKEN' && spec.retryAfterRefresh) {
      const alreadyRefreshed = refreshInFlight === null && refreshGeneration !== generationAtSend;
      if (!alreadyRefreshed) {
        const refreshed = await refresh();
        if (refreshed.error) {
          // A refresh that could not be sent (offline, 503) says nothing about the session.
          if (refreshed.error.status !== 401) return failure(refreshed.error);
          await endSession(refreshed.error.code === 'TOKEN_THEFT_DETECTED' ? 'TOKEN_THEFT_DETECTED' : 'UNAUTHORISED');
          return failure({ code: 'UNAUTHORISED', message: refreshed.error.message, status: 401 });
        }
      }
      result = await send(spec);
    }
    if (result.error && isSessionEnded(result.error) && replacementAtSend) {
      const now = replacements();
      if (replacementAtSend.pending || now.pending || now.done !== replacementAtSend.done) {
        await now.pending?.catch(() => undefined);
        result = await send(spec);
      }
    }
    if (result.error && isSessionEnded(result.error)) await endSession(result.error.code);
    return result;
  }

  return {
    call,
    refresh,
    endSession,
    onSessionEnded(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
