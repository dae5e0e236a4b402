/**
 * HTTP helpers for the benchmarks, over the test helpers' sign-up: cookie mode, and the access
 * cookie as one opaque `Cookie` header value. Nothing here prints a token.
 */
import type { Account, SignUpOptions } from '../../server/testing/sign-up.ts';

export const PASSWORD = 'bench-password-1';

/** What every bench account signs up and in with (add `email`, and `origin` behind a PUBLIC_ORIGIN). */
export const BENCH_ACCOUNT: SignUpOptions = {
  password: PASSWORD,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
};

/** The `Cookie` header a browser sends to /api/…: the access cookie alone. */
export function accessCookie(account: Account): string {
  const cookie = account.jar.header('/api/me');
  if (cookie === '') throw new Error('the response set no access cookie');
  return cookie;
}

/** POST /auth/signout with the session's cookie; returns the status. */
export async function signOut(baseUrl: string, cookie: string, origin = baseUrl): Promise<number> {
  const response = await fetch(`${baseUrl}/auth/signout`, { method: 'POST', headers: { cookie, origin } });
  await response.arrayBuffer();
  return response.status;
}

/** GET /api/me with the cookie; returns the status. */
export async function getMe(baseUrl: string, cookie: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/me`, { headers: { cookie } });
  await response.arrayBuffer();
  return response.status;
}
