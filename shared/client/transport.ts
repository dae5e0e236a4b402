/**
 * One HTTP exchange with the server: builds the headers for the auth mode, sends, and turns the
 * answer into an `ApiResult` parsed with the contract's schema. It never throws and never
 * refreshes; that is refresh-coordinator.ts's job.
 */
import type * as z from 'zod/mini';
import { errorBodySchema } from '../schemas.ts';
import type { ApiFailure, ApiResult, AuthMode } from './api-types.ts';
import { failure } from './api-types.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { TokenStore } from './token-store.ts';

/** Which token a request presents in header mode. */
export type Credential = 'access' | 'refresh' | 'none';

/** One request as the endpoint table describes it. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  schema: z.ZodMiniType<T>;
  body?: unknown;
  credential: Credential;
  /** Answer TRY_REFRESH_TOKEN with one refresh and one retry. */
  retryAfterRefresh: boolean;
  /** Sign-up and sign-in ask for tokens in the body in header mode. */
  asksForTokens?: boolean;
  /** The password change: it replaces this device's session itself, so it never waits for one. */
  replacesSession?: boolean;
}

/** What the transport needs, normalised once by the client. */
export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch;
  authMode: AuthMode;
  tokenStore: TokenStore;
}

/** Sends one request; resolves to the parsed answer or a failure. */
export type Send = <T>(spec: RequestSpec<T>) => Promise<ApiResult<T>>;

/** Creates the `send` function for one server. */
export function createTransport({ baseUrl, fetch: fetchImpl, authMode, tokenStore }: TransportOptions): Send {
  async function headersFor(spec: RequestSpec<unknown>): Promise<Headers> {
    const headers = new Headers({ Accept: 'application/json' });
    if (spec.body !== undefined) headers.set('Content-Type', 'application/json');
    if (authMode !== 'header') return headers;
    if (spec.asksForTokens) {
      headers.set('X-Auth-Mode', 'header');
      const deviceToken = await tokenStore.getDeviceToken?.();
      if (deviceToken) headers.set('X-Device-Token', deviceToken);
    }
    if (spec.credential !== 'none') {
      const tokens = await tokenStore.get();
      const token = spec.credential === 'refresh' ? tokens?.refreshToken : tokens?.accessToken;
      if (token) headers.set('Authorization', `Bearer ${token}`);
    }
    return headers;
  }

  return async function send<T>(spec: RequestSpec<T>): Promise<ApiResult<T>> {
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
      return failure({
        code: 'NETWORK_ERROR',
        message: 'Could not reach the server. Check your connection and try again.',
        status: 0,
      });
    }
    return readResponse(response, spec.schema);
  };
}

async function readResponse<T>(response: Response, schema: z.ZodMiniType<T>): Promise<ApiResult<T>> {
  let body: unknown = {};
  try {
    const text = await response.text();
    if (text.trim() !== '') body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) return failure(failureOf(response, body));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const message = 'The server answered in an unexpected way.';
    return failure({ code: 'BAD_RESPONSE', message, status: response.status });
  }
  return { data: parsed.data, error: null };
}

/** The failure an error answer carries, in the contract's words when the body follows it. */
function failureOf(response: Response, body: unknown): ApiFailure {
  const parsed = errorBodySchema.safeParse(body);
  const error: ApiFailure = parsed.success
    ? { code: parsed.data.error.code, message: parsed.data.error.message, status: response.status }
    : {
        code: 'BAD_RESPONSE',
        message: `The server answered in an unexpected way (status ${response.status}).`,
        status: response.status,
      };
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
  if (retryAfterSeconds !== null) error.retryAfterSeconds = retryAfterSeconds;
  return error;
}
