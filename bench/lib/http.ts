/**
 * HTTP helpers for the benchmarks: sign up / sign in in cookie mode and keep the cookies as one
 * opaque `Cookie` header value. Nothing here prints a token.
 */

export interface SignedIn {
  /** Value for a `Cookie` request header carrying the access cookie. */
  cookie: string;
  sessionId: string;
  userId: string;
}

export const PASSWORD = 'bench-password-1';

function cookieHeader(response: Response): string {
  const access = response.headers.getSetCookie().find((item) => item.startsWith('sc_access='));
  if (access === undefined) throw new Error('the response set no sc_access cookie');
  return access.split(';')[0] as string;
}

async function authenticate(baseUrl: string, path: '/auth/signup' | '/auth/signin', email: string, origin: string): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const body = (await response.json()) as { user: { id: string }; session: { id: string } };
  return { cookie: cookieHeader(response), sessionId: body.session.id, userId: body.user.id };
}

/** `origin` is the Origin header to send: the server's public origin (its own URL unless PUBLIC_ORIGIN is set). */
export function signUp(baseUrl: string, email: string, origin = baseUrl): Promise<SignedIn> {
  return authenticate(baseUrl, '/auth/signup', email, origin);
}

export function signIn(baseUrl: string, email: string, origin = baseUrl): Promise<SignedIn> {
  return authenticate(baseUrl, '/auth/signin', email, origin);
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
