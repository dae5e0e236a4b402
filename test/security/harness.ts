/**
 * What the attack suite stands on: the real Express app on a real socket (in-process, so the
 * store, the fake clock and every log line are at hand), a small cookie jar, and a registry of
 * every secret a test has seen, so that the logs can be searched for each of them at the end.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/log.ts';
import { createSessionContext } from '../../server/session/context.ts';
import type { SessionContext } from '../../server/session/context.ts';
import { openSqliteStore } from '../../server/storage/sqlite.ts';
import type { Store as SessionStore } from '../../server/session/store.ts';
import { errorBodySchema } from '../../shared/schemas.ts';

/** Every log line any server of this test file wrote, in order. */
export const capturedLogs: string[] = [];
/** Every token, password and cookie value a test of this file used or received. */
export const usedSecrets = new Set<string>();

/** Remembers a secret so that the log scan looks for it. */
export function rememberSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= 8) usedSecrets.add(value);
}

/** The moment every fake clock starts at. */
export const START = Date.parse('2026-11-27T10:00:00.000Z');

export interface Harness {
  /** e.g. `http://127.0.0.1:41234`; also one of the server's own origins. */
  url: string;
  port: number;
  store: SessionStore;
  ctx: SessionContext;
  config: Config;
  /** Moves the fake clock forward. */
  advance(ms: number): void;
  now(): number;
  close(): Promise<void>;
}

/**
 * Starts the app on a free port. The configuration is loaded with that port so that the
 * server's own origins (`http://127.0.0.1:<port>`, `http://localhost:<port>`) are the real ones.
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  let now = START;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    PASSWORD_HASH_COST: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DASHBOARD_DIR: '',
    ...env,
  });
  const store = await openSqliteStore(':memory:');
  const log = createLogger({ level: 'debug', write: (line) => capturedLogs.push(line), now: () => now });
  const ctx = await createSessionContext({ store, config, log, clock: () => now });
  const app = createApp(ctx);
  server.on('request', app);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    ctx,
    config,
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/** Cookies as a browser would keep them for this one origin (name → value; path ignored). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = decodeURIComponent(pair.slice(index + 1).trim());
      const expired = /max-age=0/i.test(line) || value === '';
      if (expired) this.cookies.delete(name);
      else {
        this.cookies.set(name, value);
        rememberSecret(value);
      }
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  }

  /** Only the cookie whose name contains `part` (the refresh cookie goes to its own path only). */
  only(part: string): string {
    return [...this.cookies].filter(([name]) => name.includes(part)).map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  }
}

export interface Account {
  email: string;
  password: string;
  userId: string;
  sessionId: string;
  tenantId: string;
}

export interface HeaderAccount extends Account {
  accessToken: string;
  refreshToken: string;
}

export interface CookieAccount extends Account {
  jar: CookieJar;
}

let counter = 0;
/** A fresh, unique email for each account a test makes. */
export function freshEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

interface AuthBody {
  user: { id: string };
  session: { id: string; tenantId: string };
  tokens?: { accessToken: string; refreshToken: string };
}

/** Signs up (or in, with `existing`) in header mode and returns the tokens. */
export async function headerSession(
  h: Harness,
  options: { email?: string; password?: string; tenantId?: string; signIn?: boolean; userAgent?: string } = {},
): Promise<HeaderAccount> {
  const email = options.email ?? freshEmail();
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2)}-long`;
  rememberSecret(password);
  const body: Record<string, string> = { email, password };
  if (options.tenantId !== undefined) body.tenantId = options.tenantId;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-auth-mode': 'header' };
  if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
  const response = await fetch(`${h.url}/auth/${options.signIn ? 'signin' : 'signup'}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status !== 200 && response.status !== 201) throw new Error(`sign-up/in failed: ${response.status} ${await response.text()}`);
  const answer = (await response.json()) as AuthBody;
  if (answer.tokens === undefined) throw new Error('header mode gave no tokens');
  rememberSecret(answer.tokens.accessToken);
  rememberSecret(answer.tokens.refreshToken);
  return {
    email,
    password,
    userId: answer.user.id,
    sessionId: answer.session.id,
    tenantId: answer.session.tenantId,
    accessToken: answer.tokens.accessToken,
    refreshToken: answer.tokens.refreshToken,
  };
}

/** Signs up (or in) in cookie mode, from the server's own origin, as the dashboard does. */
export async function cookieSession(
  h: Harness,
  options: { email?: string; password?: string; tenantId?: string; signIn?: boolean } = {},
): Promise<CookieAccount> {
  const email = options.email ?? freshEmail();
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2)}-long`;
  rememberSecret(password);
  const body: Record<string, string> = { email, password };
  if (options.tenantId !== undefined) body.tenantId = options.tenantId;
  const response = await fetch(`${h.url}/auth/${options.signIn ? 'signin' : 'signup'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: h.url },
    body: JSON.stringify(body),
  });
  if (response.status !== 200 && response.status !== 201) throw new Error(`sign-up/in failed: ${response.status} ${await response.text()}`);
  const jar = new CookieJar();
  jar.take(response);
  const answer = (await response.json()) as AuthBody;
  return { email, password, userId: answer.user.id, sessionId: answer.session.id, tenantId: answer.session.tenantId, jar };
}

export function bearer(token: string, extra: Record<string, string> = {}): RequestInit {
  return { headers: { authorization: `Bearer ${token}`, ...extra } };
}

/** The ids of the caller's live sessions, as GET /api/sessions lists them (header mode). */
export async function listSessionIds(h: Harness, accessToken: string, query = ''): Promise<string[]> {
  const response = await fetch(`${h.url}/api/sessions${query}`, bearer(accessToken));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { sessions: { id: string }[] };
  return body.sessions.map((session) => session.id).sort();
}

/** Asserts the contract's error shape and code and returns the body. */
export async function expectError(response: Response, status: number, code: string): Promise<{ error: { code: string; message: string } }> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  const body = errorBodySchema.parse(JSON.parse(text));
  expect(body.error.code).toBe(code);
  return body;
}

/** Every user's live sessions in the store, counted directly (not through the API under test). */
export async function countLiveSessions(h: Harness, userIds: readonly string[]): Promise<number> {
  let total = 0;
  for (const userId of userIds) total += (await h.store.listSessionsByUser(userId, h.now())).length;
  return total;
}

/**
 * The last test of a file: every log line written while the file ran is searched for every
 * secret the file's tests used or received.
 */
export function itLeavesNoSecretInTheLogs(): void {
  it('leaves no token, cookie value or password in any log line written during the attacks', () => {
    expect(capturedLogs.length).toBeGreaterThan(0);
    expect(usedSecrets.size).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const line of capturedLogs) {
      for (const secret of usedSecrets) if (line.includes(secret)) leaks.push(`${secret.slice(0, 12)}… in ${line.slice(0, 120)}`);
      // Anything token-shaped, ours or forged, must not be there either.
      if (/eyJ[\w-]*\.[\w-]*\.[\w-]*|scrt_[\w-]{10,}/.test(line)) leaks.push(`token-shaped text in ${line.slice(0, 120)}`);
    }
    expect(leaks).toEqual([]);
  });
}
