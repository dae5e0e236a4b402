/**
 * What an attack leaves in the log: every security event is one JSON line an operator can
 * search (who, which session, from where, why), and none of them holds a token or a password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../server/testing/test-app.ts';
import { bearer, capturedLogs, itLeavesNoSecretInTheLogs, json, rememberSecret, startTarget } from './attack-kit.ts';

let h: TestApp;
beforeAll(async () => {
  h = await startTarget();
});
afterAll(async () => h.close());

type LogLine = Record<string, unknown> & { event: string; level: string };

/** Runs `action` and returns the log lines it produced, parsed. */
async function logsOf(action: () => Promise<unknown>): Promise<LogLine[]> {
  const before = capturedLogs.length;
  await action();
  return capturedLogs.slice(before).map((line) => JSON.parse(line) as LogLine);
}

describe('security events are logged', () => {
  it('every log line is one JSON object with a time, a level and an event name', async () => {
    await h.signUp({ mode: 'header' });
    expect(capturedLogs.length).toBeGreaterThan(0);
    for (const line of capturedLogs) {
      const parsed = JSON.parse(line) as LogLine;
      expect(typeof parsed.event).toBe('string');
      expect(['debug', 'info', 'warn', 'error']).toContain(parsed.level);
      expect(Number.isNaN(Date.parse(String(parsed.time)))).toBe(false);
    }
  });

  it('a successful and a failed sign-in are both logged, with user and address but not the password', async () => {
    const person = await h.signUp({ mode: 'header' });
    const success = await logsOf(() =>
      fetch(`${h.url}/auth/signin`, json({ email: person.email, password: person.password })),
    );
    expect(success.find((line) => line.event === 'session.created')).toMatchObject({ userId: person.userId });
    const failure = await logsOf(() =>
      fetch(`${h.url}/auth/signin`, json({ email: person.email, password: 'wrong-password-guess' })),
    );
    rememberSecret('wrong-password-guess');
    expect(failure.find((line) => line.event === 'auth.failed')).toMatchObject({
      level: 'warn',
      userId: person.userId,
      ip: '127.0.0.1',
    });
  });

  it('refresh-token theft is logged as a warning naming the session and the user', async () => {
    const victim = await h.signUp({ mode: 'header' });
    const first = await fetch(`${h.url}/auth/session/refresh`, { method: 'POST', ...bearer(victim.refreshToken) });
    const { tokens } = (await first.json()) as { tokens: { accessToken: string; refreshToken: string } };
    rememberSecret(tokens.accessToken);
    rememberSecret(tokens.refreshToken);
    h.clock.advance((h.config.refreshGraceSeconds + 1) * 1000);
    const lines = await logsOf(() =>
      fetch(`${h.url}/auth/session/refresh`, { method: 'POST', ...bearer(victim.refreshToken) }),
    );
    expect(lines.find((line) => line.event === 'session.theft_detected')).toMatchObject({
      level: 'warn',
      sessionId: victim.sessionId,
      userId: victim.userId,
    });
  });

  it('every revocation is logged with its reason (ended by the user, signed out)', async () => {
    const person = await h.signUp({ mode: 'header' });
    const other = await h.signIn(person.email, person.password, { mode: 'header' });
    const revoked = await logsOf(() =>
      fetch(`${h.url}/api/sessions/${other.sessionId}`, { method: 'DELETE', ...bearer(person.accessToken) }),
    );
    expect(revoked.find((line) => line.event === 'session.revoked')).toMatchObject({
      sessionId: other.sessionId,
      reason: 'revoked-by-user',
    });
    const signedOut = await logsOf(() =>
      fetch(`${h.url}/auth/signout`, { method: 'POST', ...bearer(person.accessToken) }),
    );
    expect(signedOut.find((line) => line.event === 'session.revoked')).toMatchObject({
      sessionId: person.sessionId,
      reason: 'signed-out',
    });
  });

  it('failed authorisation is logged: forged cross-site request, another user’s session id, forged token', async () => {
    const attacker = await h.signUp({ mode: 'header' });
    const victim = await h.signUp();
    const csrf = await logsOf(() =>
      fetch(`${h.url}/api/sessions?scope=all`, {
        method: 'DELETE',
        headers: { cookie: victim.jar.all(), origin: 'https://evil.example' },
      }),
    );
    expect(csrf.find((line) => line.event === 'http.denied')).toMatchObject({
      level: 'warn',
      code: 'FORBIDDEN_ORIGIN',
      method: 'DELETE',
      path: '/api/sessions',
    });
    const idor = await logsOf(() =>
      fetch(`${h.url}/api/sessions/${victim.sessionId}`, { method: 'DELETE', ...bearer(attacker.accessToken) }),
    );
    expect(idor.find((line) => line.event === 'http.denied')).toMatchObject({
      code: 'SESSION_NOT_FOUND',
      ip: '127.0.0.1',
    });
    const forged = `${attacker.accessToken.slice(0, -4)}AAAA`;
    rememberSecret(forged);
    const bad = await logsOf(() => fetch(`${h.url}/api/sessions`, bearer(forged)));
    expect(bad.find((line) => line.event === 'http.denied')).toMatchObject({ code: 'UNAUTHORISED' });
  });

  it('tripping the sign-in rate limit is logged', async () => {
    const victim = await h.signUp({ mode: 'header' });
    for (let attempt = 0; attempt < 5; attempt += 1)
      await fetch(`${h.url}/auth/signin`, json({ email: victim.email, password: `guess-${attempt}-pw` }));
    const limited = await logsOf(() =>
      fetch(`${h.url}/auth/signin`, json({ email: victim.email, password: 'guess-last-pw' })),
    );
    expect(limited.find((line) => line.event === 'http.denied')).toMatchObject({
      level: 'warn',
      code: 'RATE_LIMITED',
      path: '/auth/signin',
    });
  });

  it('an unexpected error is logged and answered as bare INTERNAL, a store outage as SERVICE_UNAVAILABLE', async () => {
    const person = await h.signUp({ mode: 'header' });
    const original = h.store.findSessionById.bind(h.store);
    try {
      h.store.findSessionById = async () => {
        throw new Error('disk on fire');
      };
      const lines = await logsOf(async () => {
        const response = await fetch(`${h.url}/api/sessions/AAAAAAAAAAAAAAAAAAAAAAAA`, {
          method: 'DELETE',
          ...bearer(person.accessToken),
        });
        expect(response.status).toBe(500);
        const text = await response.text();
        expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
        expect(text).not.toContain('disk on fire');
      });
      expect(lines.find((line) => line.event === 'http.unhandled_error')).toMatchObject({
        level: 'error',
        method: 'DELETE',
      });
      const { StoreUnavailableError } = await import('../../server/session/store.ts');
      h.store.findSessionById = async () => {
        throw new StoreUnavailableError('connection refused');
      };
      const outage = await logsOf(async () => {
        const response = await fetch(`${h.url}/api/sessions/AAAAAAAAAAAAAAAAAAAAAAAA`, {
          method: 'DELETE',
          ...bearer(person.accessToken),
        });
        expect(response.status).toBe(503);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        await response.arrayBuffer();
      });
      expect(outage.find((line) => line.event === 'store.unavailable')).toMatchObject({ level: 'warn' });
    } finally {
      h.store.findSessionById = original;
    }
  });

  it('a token pasted into a logged field is masked by the logger, not written out', async () => {
    const person = await h.signUp({ mode: 'header' });
    const lines = await logsOf(() =>
      fetch(`${h.url}/api/sessions/${person.accessToken}`, { method: 'DELETE', ...bearer(person.accessToken) }),
    );
    for (const line of lines) expect(JSON.stringify(line)).not.toContain(person.accessToken);
  });
});

itLeavesNoSecretInTheLogs();
