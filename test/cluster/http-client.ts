/**
 * A small JSON client over node:http for the cluster tests, in header mode (bearer tokens, no
 * cookies) so that any instance can be asked with any token. node:http rather than fetch because
 * the nginx test chooses the client's source address (`localAddress`).
 */
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { SignUpOptions, Tokens } from '../../server/testing/sign-up.ts';
import type { Fetch } from '../../server/testing/test-client.ts';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface RequestOptions {
  bearer?: string;
  json?: unknown;
  /** A raw body, sent as given (ignored when `json` is set). */
  body?: string;
  headers?: Record<string, string>;
  /** Source address of the TCP connection (any 127.x.y.z works on Linux loopback). */
  localAddress?: string;
  timeoutMs?: number;
}

/** Sends one request on a fresh connection and parses a JSON body when there is one. */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResponse> {
  const url = new URL(path, baseUrl);
  const raw = options.json === undefined ? options.body : JSON.stringify(options.json);
  const payload = raw === undefined ? undefined : Buffer.from(raw);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        agent: false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (text.length > 0 && String(res.headers['content-type'] ?? '').includes('json')) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // Name the request: a bare "connect ECONNREFUSED" does not say which call failed.
      reject(
        Object.assign(new Error(`${method} ${url.origin}${path}: ${error.message}`, { cause: error }), {
          code: error.code,
        }),
      );
    });
    req.end(payload);
  });
}

/**
 * The sign-up helper's options for a cluster test: header mode, sent with `send` (a fresh
 * connection each time, from `localAddress` if given) instead of fetch's connection pool.
 */
export function over(options: RequestOptions = {}): SignUpOptions {
  const fetchOver: Fetch = async (url, init) => {
    const target = new URL(url);
    const body = typeof init.body === 'string' ? init.body : undefined;
    const response = await send(target.origin, init.method ?? 'GET', target.pathname + target.search, {
      ...options,
      headers: { ...(init.headers as Record<string, string>) },
      ...(body === undefined ? {} : { body }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item);
    }
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    return new Response(text === '' ? null : text, { status: response.status, headers });
  };
  return { mode: 'header', fetch: fetchOver, ...(options.headers === undefined ? {} : { headers: options.headers }) };
}

const HEADER_MODE = { 'x-auth-mode': 'header' };

export function refresh(baseUrl: string, refreshToken: string, options: RequestOptions = {}): Promise<HttpResponse> {
  return send(baseUrl, 'POST', '/auth/session/refresh', {
    ...options,
    bearer: refreshToken,
    headers: { ...options.headers, ...HEADER_MODE },
  });
}

export function me(baseUrl: string, accessToken: string, options: RequestOptions = {}): Promise<HttpResponse> {
  return send(baseUrl, 'GET', '/api/me', { ...options, bearer: accessToken });
}

export function listSessions(
  baseUrl: string,
  accessToken: string,
  options: RequestOptions = {},
): Promise<HttpResponse> {
  return send(baseUrl, 'GET', '/api/sessions', { ...options, bearer: accessToken });
}

export function revokeSession(
  baseUrl: string,
  accessToken: string,
  sessionId: string,
  options: RequestOptions = {},
): Promise<HttpResponse> {
  return send(baseUrl, 'DELETE', `/api/sessions/${encodeURIComponent(sessionId)}`, { ...options, bearer: accessToken });
}

/** The `tokens` of a successful refresh, or an error naming the status. */
export function tokensOf(response: HttpResponse): Tokens {
  const body = response.body as { tokens?: Tokens } | undefined;
  if (response.status !== 200 || body?.tokens === undefined) {
    throw new Error(`refresh answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return body.tokens;
}

/** The error code of a contract error body, or undefined. */
export function errorCode(response: HttpResponse): string | undefined {
  const body = response.body as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? body.error.code : undefined;
}
