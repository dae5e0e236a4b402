/**
 * What the attack suite adds to the test helpers of server/testing: every server of a test file
 * logs into one array, and every secret a test has seen is remembered, so that the logs can be
 * searched for each of them at the end; and the assertions the attacks share.
 */
import { expect, it } from 'vitest';
import { startApp } from '../../server/testing/test-app.ts';
import type { StartAppOptions, TestApp } from '../../server/testing/test-app.ts';
import { errorBodySchema } from '../../shared/schemas.ts';

/** Every log line any server of this test file wrote, in order. */
export const capturedLogs: string[] = [];
/** Every token, password and cookie value a test of this file used or received. */
export const usedSecrets = new Set<string>();

/** Remembers a secret so that the log scan looks for it. */
export function rememberSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= 8) usedSecrets.add(value);
}

/**
 * The app under attack: its own origins are the real `http://127.0.0.1:<port>` and
 * `http://localhost:<port>`, its logs go to `capturedLogs`, its sign-ups' secrets to `usedSecrets`.
 */
export function startTarget(env: Record<string, string> = {}, options: StartAppOptions = {}): Promise<TestApp> {
  return startApp({ env, publicOrigin: null, captureLogs: capturedLogs, onSecret: rememberSecret, ...options });
}

export function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function bearer(token: string, extra: Record<string, string> = {}): RequestInit {
  return { headers: { authorization: `Bearer ${token}`, ...extra } };
}

/** The ids of the caller's live sessions, as GET /api/sessions lists them (header mode). */
export async function listSessionIds(h: TestApp, accessToken: string, query = ''): Promise<string[]> {
  const response = await fetch(`${h.url}/api/sessions${query}`, bearer(accessToken));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { sessions: { id: string }[] };
  return body.sessions.map((session) => session.id).sort();
}

/** Asserts the contract's error shape and code and returns the body. */
export async function expectError(
  response: Response,
  status: number,
  code: string,
): Promise<{ error: { code: string; message: string } }> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  const body = errorBodySchema.parse(JSON.parse(text));
  expect(body.error.code).toBe(code);
  return body;
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
      for (const secret of usedSecrets) {
        if (line.includes(secret)) leaks.push(`${secret.slice(0, 12)}… in ${line.slice(0, 120)}`);
      }
      // Anything token-shaped, ours or forged, must not be there either.
      const tokenShaped = /eyJ[\w-]*\.[\w-]*\.[\w-]*|scrt_[\w-]{10,}|scdv_[\w-]{10,}/;
      if (tokenShaped.test(line)) leaks.push(`token-shaped text in ${line.slice(0, 120)}`);
    }
    expect(leaks).toEqual([]);
  });
}
