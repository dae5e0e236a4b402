import { CookieJar } from './cookie-jar.ts';

/** How a helper sends a request; the global `fetch` unless a test needs another transport. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON, `null` for an empty body, or the text when it is not JSON. */
  body: T;
  setCookies: string[];
}

export interface TestClientDefaults {
  userAgent?: string;
  /** Sent on every request but GET and HEAD; `null`: none. */
  origin?: string | null;
  fetch?: Fetch;
}

export interface RequestOptions {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Overrides the client's origin for this request; `null`: none. */
  origin?: string | null;
  /** `false`: send no cookie this once. */
  cookies?: boolean;
}

/** A client with its own cookie jar, sending cookies only where a browser would. */
export class TestClient {
  constructor(
    readonly baseUrl: string,
    readonly defaults: TestClientDefaults = {},
    readonly jar = new CookieJar(),
  ) {}

  cookieHeader(path: string): string | undefined {
    return this.jar.header(path) || undefined;
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.defaults.userAgent) headers['user-agent'] = this.defaults.userAgent;
    const origin = options.origin === undefined ? this.defaults.origin : options.origin;
    if (origin !== null && origin !== undefined && !['GET', 'HEAD'].includes(method)) headers.origin = origin;
    const cookie = options.cookies === false ? undefined : this.cookieHeader(path);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    Object.assign(headers, options.headers ?? {});
    const send = this.defaults.fetch ?? fetch;
    const response = await send(this.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const setCookies = response.headers.getSetCookie();
    this.jar.take(setCookies);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // leave as text; tests assert on it
    }
    return { status: response.status, headers: response.headers, body: parsed as T, setCookies };
  }

  get<T = Record<string, unknown>>(path: string, options: RequestOptions = {}) {
    return this.request<T>('GET', path, options);
  }
  post<T = Record<string, unknown>>(path: string, json?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...(json === undefined ? {} : { json }), ...options });
  }
  delete<T = Record<string, unknown>>(path: string, options: RequestOptions = {}) {
    return this.request<T>('DELETE', path, options);
  }
}
