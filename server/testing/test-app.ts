/**
 * In-process test server: the real app on a real socket, a real store (SQLite in memory unless
 * given), a fake clock, and clients with their own cookie jars. Used by server tests only.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../config.ts';
import { createApp } from '../http/app.ts';
import { createLogger } from '../log.ts';
import { createSessionContext } from '../session/context.ts';
import type { SessionContext } from '../session/context.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import type { Store as SessionStore } from '../session/store.ts';

export const TEST_ORIGIN = 'http://app.test';
export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';
export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
export const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

export class FakeClock {
  constructor(public now = Date.UTC(2026, 10, 27, 10, 0, 0)) {}
  advance(ms: number): void {
    this.now += ms;
  }
  readonly read = (): number => this.now;
}

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  setCookies: string[];
}

interface StoredCookie {
  value: string;
  path: string;
}

/** A client with a cookie jar that honours Path and deletion, like a browser would. */
export class TestClient {
  readonly cookies = new Map<string, StoredCookie>();

  constructor(
    readonly baseUrl: string,
    readonly defaults: { userAgent?: string; origin?: string | null } = {},
  ) {}

  cookieHeader(path: string): string | undefined {
    const pairs = [...this.cookies.entries()].filter(([, cookie]) => path.startsWith(cookie.path)).map(([name, cookie]) => `${name}=${cookie.value}`);
    return pairs.length === 0 ? undefined : pairs.join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { json?: unknown; body?: string; headers?: Record<string, string>; origin?: string | null; cookies?: boolean } = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.defaults.userAgent) headers['user-agent'] = this.defaults.userAgent;
    const origin = options.origin === undefined ? (this.defaults.origin === undefined ? TEST_ORIGIN : this.defaults.origin) : options.origin;
    if (origin !== null && !['GET', 'HEAD'].includes(method)) headers.origin = origin;
    const cookie = options.cookies === false ? undefined : this.cookieHeader(path.split('?')[0] ?? path);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    Object.assign(headers, options.headers ?? {});
    const response = await fetch(this.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      const pathAttribute = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='));
      const maxAge = attributes.find((attribute) => attribute.toLowerCase().startsWith('max-age='));
      if (!name) continue;
      if (value === '' || maxAge?.toLowerCase() === 'max-age=0') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: pathAttribute ? pathAttribute.slice(5) : '/' });
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // leave as text; tests assert on it
    }
    return { status: response.status, headers: response.headers, body: parsed as T, setCookies };
  }

  get<T = Record<string, unknown>>(path: string, options: Parameters<TestClient['request']>[2] = {}) {
    return this.request<T>('GET', path, options);
  }
  post<T = Record<string, unknown>>(path: string, json?: unknown, options: Parameters<TestClient['request']>[2] = {}) {
    return this.request<T>('POST', path, { ...(json === undefined ? {} : { json }), ...options });
  }
  delete<T = Record<string, unknown>>(path: string, options: Parameters<TestClient['request']>[2] = {}) {
    return this.request<T>('DELETE', path, options);
  }
}

export interface TestApp {
  url: string;
  ctx: SessionContext;
  store: SessionStore;
  clock: FakeClock;
  logs: string[];
  client(defaults?: { userAgent?: string; origin?: string | null }): TestClient;
  /** Signs up a fresh user in a new client; returns both. */
  signUp(options?: { email?: string; password?: string; tenantId?: string; userAgent?: string }): Promise<{ client: TestClient; email: string; password: string; userId: string; sessionId: string }>;
  /** Signs an existing user in from a new client. */
  signIn(email: string, password: string, options?: { tenantId?: string; userAgent?: string }): Promise<{ client: TestClient; sessionId: string }>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestApp(options: { env?: Record<string, string>; store?: SessionStore; clock?: FakeClock; keepStoreOpen?: boolean } = {}): Promise<TestApp> {
  const clock = options.clock ?? new FakeClock();
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', PASSWORD_HASH_COST: 'test', PUBLIC_ORIGIN: TEST_ORIGIN, DASHBOARD_DIR: '', ...options.env });
  const store = options.store ?? (await openSqliteStore(':memory:'));
  const logs: string[] = [];
  const ctx = await createSessionContext({ store, config, clock: clock.read, log: createLogger({ write: (line) => logs.push(line), level: 'debug' }) });
  const app = createApp(ctx);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (defaults: { userAgent?: string; origin?: string | null } = {}) => new TestClient(url, defaults);
  return {
    url,
    ctx,
    store,
    clock,
    logs,
    client,
    async signUp(input = {}) {
      const email = input.email ?? `user${++counter}-${Date.now()}@example.test`;
      const password = input.password ?? 'correct horse battery';
      const c = client({ userAgent: input.userAgent ?? FIREFOX_LINUX });
      const response = await c.post<{ user: { id: string }; session: { id: string } }>('/auth/signup', { email, password, ...(input.tenantId ? { tenantId: input.tenantId } : {}) });
      if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
      return { client: c, email, password, userId: response.body.user.id, sessionId: response.body.session.id };
    },
    async signIn(email, password, input = {}) {
      const c = client({ userAgent: input.userAgent ?? CHROME_WINDOWS });
      const response = await c.post<{ session: { id: string } }>('/auth/signin', { email, password, ...(input.tenantId ? { tenantId: input.tenantId } : {}) });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
      return { client: c, sessionId: response.body.session.id };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.keepStoreOpen) await store.close();
    },
  };
}
