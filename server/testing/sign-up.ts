/**
 * The one way a test or the bench makes an account: sign up (or sign in) over HTTP, in cookie or
 * header mode, and get back the ids, the tokens and the cookie jar.
 */
import { CookieJar } from './cookie-jar.ts';
import type { Fetch } from './test-client.ts';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** From the body in header mode; '' in cookie mode (the cookies carry no expiry of their own). */
  accessTokenExpiresAt: string;
}

export interface SignUpOptions {
  email?: string;
  password?: string;
  tenantId?: string;
  /** `cookie` (default): the tokens come as cookies, as the dashboard gets them; `header`: in the body. */
  mode?: 'cookie' | 'header';
  /** Omitted: whatever the transport sends by default. */
  userAgent?: string;
  /** The Origin header. Default: `baseUrl` in cookie mode, none in header mode. `null`: none. */
  origin?: string | null;
  headers?: Record<string, string>;
  /** Default: the global fetch. */
  fetch?: Fetch;
  /** Told every secret the exchange used or handed out (password, tokens, cookie values). */
  onSecret?: (secret: string) => void;
}

export interface Account {
  email: string;
  password: string;
  userId: string;
  sessionId: string;
  tenantId: string;
  /** The client address the server recorded for the session. */
  ip: string | null;
  tokens: Tokens;
  /** Shorthands for `tokens.accessToken` and `tokens.refreshToken`. */
  accessToken: string;
  refreshToken: string;
  /** The cookies the answer set (empty in header mode). */
  jar: CookieJar;
  /** The device secret handed out: the device cookie's value, or the body's `tokens.deviceToken`. */
  deviceToken: string;
  /** The session's public device id, and whether it began on a device new to the account. */
  deviceId: string | null;
  newDevice: boolean;
}

interface AuthBody {
  user: { id: string };
  session: { id: string; tenantId: string; ip: string | null; deviceId: string | null; newDevice: boolean };
  tokens?: Tokens & { deviceToken?: string };
}

let counter = 0;

/** A fresh, unique email for each account a test makes. */
export function freshEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** A fresh password, long enough for the server's rule. */
export function freshPassword(): string {
  return `pw-${Math.random().toString(36).slice(2)}-long`;
}

type AuthPath = '/auth/signup' | '/auth/signin';

async function authenticate(baseUrl: string, path: AuthPath, options: SignUpOptions): Promise<Account> {
  const email = options.email ?? freshEmail();
  const password = options.password ?? freshPassword();
  const mode = options.mode ?? 'cookie';
  const remember = options.onSecret ?? (() => undefined);
  remember(password);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (mode === 'header') headers['x-auth-mode'] = 'header';
  const origin = options.origin === undefined ? (mode === 'cookie' ? baseUrl : null) : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
  Object.assign(headers, options.headers);
  const body = { email, password, ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }) };
  const send = options.fetch ?? fetch;
  const response = await send(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const expected = path === '/auth/signup' ? 201 : 200;
  if (response.status !== expected) {
    throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  const jar = new CookieJar();
  for (const value of jar.take(response)) remember(value);
  const answer = (await response.json()) as AuthBody;
  const cookie = (suffix: string) => jar.entries().find(([name]) => name.endsWith(suffix))?.[1] ?? '';
  const tokens = answer.tokens ?? {
    accessToken: cookie('sc_access'),
    refreshToken: cookie('sc_refresh'),
    accessTokenExpiresAt: '',
  };
  if (tokens.accessToken === '' || tokens.refreshToken === '') {
    throw new Error(`${path} handed out no tokens (${mode} mode)`);
  }
  remember(tokens.accessToken);
  remember(tokens.refreshToken);
  // The device cookie keeps one secret per account of the browser, this sign-in's first.
  const deviceToken = answer.tokens?.deviceToken ?? cookie('sc_device').split('.')[0] ?? '';
  remember(deviceToken);
  return {
    email,
    password,
    userId: answer.user.id,
    sessionId: answer.session.id,
    tenantId: answer.session.tenantId,
    ip: answer.session.ip,
    tokens,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    jar,
    deviceToken,
    deviceId: answer.session.deviceId,
    newDevice: answer.session.newDevice,
  };
}

/** Creates an account and its first session; throws unless the server answers 201. */
export function signUp(baseUrl: string, options: SignUpOptions = {}): Promise<Account> {
  return authenticate(baseUrl, '/auth/signup', options);
}

/** Opens another session for an existing account; throws unless the server answers 200. */
export function signIn(
  baseUrl: string,
  email: string,
  password: string,
  options: SignUpOptions = {},
): Promise<Account> {
  return authenticate(baseUrl, '/auth/signin', { ...options, email, password });
}
