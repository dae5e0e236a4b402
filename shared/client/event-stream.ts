/**
 * The live event stream, GET /api/events, read with fetch and a ReadableStream so that it works
 * in both auth modes (EventSource cannot send `Authorization: Bearer`). One subscription keeps
 * one stream open: it refreshes once on TRY_REFRESH_TOKEN, takes UNAUTHORISED as the end of the
 * session, reconnects with backoff (at once when the browser comes back `online`) and tells the
 * app to reload after every reconnect, since events may have been missed while it was away.
 */
import type { MeResponse, RefreshResponse } from '../schemas.ts';
import { errorBodySchema } from '../schemas.ts';
import type { ApiResult, AuthMode, EventHandlers, SessionEndedCode } from './api-types.ts';
import { parseRetryAfter } from './retry-after.ts';
import { callHandler, readEvents } from './event-reader.ts';
import type { TokenStore } from './token-store.ts';

export interface EventStreamOptions {
  baseUrl: string;
  fetch: typeof fetch;
  authMode: AuthMode;
  tokenStore: TokenStore;
  refresh: () => Promise<ApiResult<RefreshResponse>>;
  endSession: (code: SessionEndedCode) => Promise<void>;
  /** GET /api/me with the credentials held now, without refreshing or telling anyone. */
  whoAmI: () => Promise<ApiResult<MeResponse>>;
  /** True while this device is signing itself out here: its own `session-ended` then says nothing new. */
  endingHere: () => boolean;
  /**
   * The password change under way here, if any: it replaces this device's session, so the old
   * session's `session-ended` is weighed only once its answer (with the new credentials) is in.
   */
  replacingHere?: () => Promise<unknown> | null;
  /** The wait before the `failures`-th reconnect in a row (1, 2, …), in milliseconds. */
  backoffMs?: (failures: number) => number;
  /** Where the browser announces `online`; null for none. Defaults to `globalThis`. */
  online?: EventTarget | null;
}

/** What one connection came to. */
type Outcome =
  | { kind: 'stop' }
  | { kind: 'refresh' }
  | { kind: 'moved-on' }
  | { kind: 'drop'; openForMs: number | null; retryAfterMs: number };

/** A connection that stayed open this long counts as healthy: the next wait starts short again. */
const HEALTHY_MS = 5000;

/** 1 s, 2 s, 4 s, … up to 30 s, each with jitter so that many clients do not come back at once. */
export function defaultBackoffMs(failures: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.5 + Math.random() / 2));
}

/** Creates `subscribeEvents` for one client. */
export function createEventSubscriber(options: EventStreamOptions): (handlers: EventHandlers) => () => void {
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const online = options.online === undefined ? defaultOnlineTarget() : options.online;

  async function headers(): Promise<Headers | null> {
    const result = new Headers({ Accept: 'text/event-stream' });
    if (options.authMode !== 'header') return result;
    const token = (await options.tokenStore.get())?.accessToken;
    if (!token) return null;
    result.set('Authorization', `Bearer ${token}`);
    return result;
  }

  async function connect(handlers: EventHandlers, signal: AbortSignal, isRetry: boolean): Promise<Outcome> {
    const drop = (retryAfterMs = 0): Outcome => ({ kind: 'drop', openForMs: null, retryAfterMs });
    const requestHeaders = await headers();
    if (requestHeaders === null) {
      await options.endSession('UNAUTHORISED');
      return { kind: 'stop' };
    }
    let response: Response;
    try {
      response = await options.fetch(`${options.baseUrl}/api/events`, {
        method: 'GET',
        headers: requestHeaders,
        credentials: options.authMode === 'cookie' ? 'include' : 'omit',
        cache: 'no-store',
        signal,
      });
    } catch {
      return drop();
    }
    if (response.status === 401) {
      const code = await errorCode(response);
      if (code === 'TRY_REFRESH_TOKEN') return { kind: 'refresh' };
      await options.endSession(code === 'TOKEN_THEFT_DETECTED' ? 'TOKEN_THEFT_DETECTED' : 'UNAUTHORISED');
      return { kind: 'stop' };
    }
    const type = response.headers.get('Content-Type') ?? '';
    if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
      await response.body?.cancel().catch(() => undefined);
      const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
      return drop((retryAfter ?? 0) * 1000);
    }
    const openedAt = Date.now();
    callHandler(() => handlers.onConnectionChange?.(true));
    if (isRetry) callHandler(() => handlers.onReconnected?.());
    const ended = await readEvents(response.body, handlers, signal);
    callHandler(() => handlers.onConnectionChange?.(false));
    if (ended) {
      if (options.endingHere()) return { kind: 'stop' };
      await options.replacingHere?.();
      // A password change here gives this device a new session and ends the one the stream was
      // opened with: only when the credentials held now are not of another live session is it over.
      const me = await options.whoAmI();
      if (signal.aborted) return { kind: 'stop' };
      if (me.data && me.data.session.id !== ended.sessionId) return { kind: 'moved-on' };
      callHandler(() => handlers.onSessionEnded?.(ended));
      await options.endSession(ended.endReason === 'theft_detected' ? 'TOKEN_THEFT_DETECTED' : 'UNAUTHORISED');
      return { kind: 'stop' };
    }
    return { kind: 'drop', openForMs: Date.now() - openedAt, retryAfterMs: 0 };
  }

  async function run(handlers: EventHandlers, signal: AbortSignal): Promise<void> {
    let failures = 0;
    let attempts = 0;
    let justRefreshed = false;
    while (!signal.aborted) {
      const outcome = await connect(handlers, signal, attempts > 0);
      attempts += 1;
      if (signal.aborted || outcome.kind === 'stop') return;
      if (outcome.kind === 'moved-on') continue;
      if (outcome.kind === 'refresh' && !justRefreshed) {
        justRefreshed = true;
        const refreshed = await options.refresh();
        if (signal.aborted) return;
        if (refreshed.data) continue;
        if (refreshed.error.status === 401) {
          const code = refreshed.error.code === 'TOKEN_THEFT_DETECTED' ? 'TOKEN_THEFT_DETECTED' : 'UNAUTHORISED';
          await options.endSession(code);
          return;
        }
      }
      justRefreshed = false;
      const openForMs = outcome.kind === 'drop' ? outcome.openForMs : null;
      failures = openForMs !== null && openForMs >= HEALTHY_MS ? 1 : failures + 1;
      const retryAfterMs = outcome.kind === 'drop' ? outcome.retryAfterMs : 0;
      await pause(Math.max(backoffMs(failures), retryAfterMs), signal);
    }
  }

  /** Waits `ms`, or less when the browser comes back online or the subscription ends. */
  function pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        online?.removeEventListener('online', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      online?.addEventListener('online', done);
    });
  }

  return (handlers) => {
    const controller = new AbortController();
    void run(handlers, controller.signal);
    return () => controller.abort();
  };
}

/** The global scope (a window or a worker), where the browser announces `online`. */
function defaultOnlineTarget(): EventTarget | null {
  return typeof globalThis.addEventListener === 'function' ? (globalThis as unknown as EventTarget) : null;
}

async function errorCode(response: Response): Promise<string | null> {
  try {
    const parsed = errorBodySchema.safeParse(await response.json());
    return parsed.success ? parsed.data.error.code : null;
  } catch {
    return null;
  }
}
