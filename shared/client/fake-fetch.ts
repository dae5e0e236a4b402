/**
 * A fake network edge for the client's own tests: records every request and answers with a
 * handler, plus the fixtures and answer builders those tests share.
 */
import type { PublicSession, Tokens } from '../schemas.ts';

/** A session as the server would send it. */
export const fixtureSession: PublicSession = {
  id: 'sess-current',
  current: true,
  tenantId: 'public',
  createdAt: '2026-11-27T10:00:00.000Z',
  lastActiveAt: '2026-11-27T11:00:00.000Z',
  expiresAt: '2026-12-27T10:00:00.000Z',
  device: {
    name: 'Chrome on Linux',
    browser: 'Chrome',
    browserVersion: '131',
    os: 'Linux',
    type: 'desktop',
    label: null,
  },
  ip: '127.0.0.1',
  client: 'web',
  deviceId: null,
  location: null,
  newDevice: false,
};

/** The signed-in user. */
export const fixtureUser = { id: 'user-1', email: 'ada@example.com' };

/** Header-mode tokens as sign-in hands them out. */
export const fixtureTokens: Tokens = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  accessTokenExpiresAt: '2026-11-27T12:00:00.000Z',
};

/** One request as the fake network saw it. */
export interface Recorded {
  method: string;
  path: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: unknown;
  signal: AbortSignal | undefined;
}

/** Answers one recorded request. */
export type Handler = (request: Recorded) => Response | Promise<Response>;

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** An error answer in the contract's shape. */
export function errorResponse(
  status: number,
  code: string,
  message = 'Nope.',
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message } }, headers);
}

/** A fake network edge: records every request and answers with `handler`. */
export function fakeFetch(handler: Handler): { fetch: typeof fetch; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const recorded: Recorded = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      headers: new Headers(init?.headers),
      credentials: init?.credentials,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init?.signal ?? undefined,
    };
    requests.push(recorded);
    // Let concurrent requests interleave as they would on a real network.
    await new Promise((resolve) => setTimeout(resolve, 1));
    return handler(recorded);
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

/** A `text/event-stream` answer whose events a test writes as it goes. */
export function fakeEventStream(): { response: Response; send(text: string): void; close(): void } {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    send: (text) => controller?.enqueue(encoder.encode(text)),
    close: () => controller?.close(),
  };
}
