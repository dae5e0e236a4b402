// Regression tests for the findings of the first review of the server (issue 2).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/schemas.ts';
import { loadConfig } from '../config.ts';
import { sessionControlFor } from '../index.ts';
import { addressKey } from '../session/rate-limits.ts';
import { startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';

let app: TestApp;
beforeEach(async () => {
  app = await startApp({ env: { ACCESS_TOKEN_TTL_SECONDS: '60' } });
});
afterEach(async () => {
  await app.close();
});

const codeOf = (body: unknown) => errorBodySchema.parse(body).error.code;

describe('review regressions (issue 2)', () => {
  it('counts simultaneous wrong passwords before checking them, so a burst cannot pass the limit', async () => {
    const { email } = await app.signUp();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.client().post('/auth/signin', { email, password: 'wrong password' })),
    );
    const codes = answers.map((answer) => codeOf(answer.body));
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('answers UNAUTHORISED, not TRY_REFRESH_TOKEN, for a revoked session with an expired token (strict)', async () => {
    const { client, sessionId } = await app.signUp();
    await sessionControlFor(app.ctx).revokeSession(sessionId);
    app.clock.advance(61_000);
    expect(codeOf((await client.get('/api/me')).body)).toBe('UNAUTHORISED');
  });

  it('ignores an Authorization header of another scheme and uses the cookies', async () => {
    const { client } = await app.signUp();
    expect((await client.get('/api/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).status).toBe(200);
  });

  it('routes by exact case and path, so /API/ME is not /api/me', async () => {
    const { client } = await app.signUp();
    expect((await client.get('/API/ME')).status).toBe(404);
    expect((await client.get('/api/me/')).status).toBe(404);
  });

  it('answers OPTIONS with an empty 204 and no CORS headers', async () => {
    const response = await app.client().request('OPTIONS', '/api/sessions', { origin: null });
    expect(response.status).toBe(204);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('does not let a disabled user keep a session alive by refreshing', async () => {
    const { client, userId } = await app.signUp();
    await app.store.setUserDisabled(userId, app.clock.now);
    expect((await client.post('/auth/session/refresh')).status).toBe(401);
  });

  it('keeps a big unrelated cookie from pushing the session cookie out', async () => {
    const { client } = await app.signUp();
    const cookie = `big=${'x'.repeat(9000)}; ${client.cookieHeader('/')}`;
    expect((await app.client().get('/api/me', { headers: { cookie } })).status).toBe(200);
  });
});

describe('configuration from documented variables only', () => {
  it('accepts an idle lifetime shorter than the access token lifetime, and a long one without a max lifetime', () => {
    expect(loadConfig({ REFRESH_TOKEN_TTL_SECONDS: '5' }).refreshTokenTtlSeconds).toBe(5);
    expect(loadConfig({ REFRESH_TOKEN_TTL_SECONDS: '10000000' }).sessionMaxLifetimeSeconds).toBe(10_000_000);
  });

  it('never lets re-authentication be required sooner than 5 minutes after sign-in', () => {
    expect(() => loadConfig({ REAUTH_MAX_AGE_SECONDS: '60' })).toThrow(/REAUTH_MAX_AGE_SECONDS/);
  });
});

describe('rate-limit address keys', () => {
  it('counts an IPv6 client by its /64 and an IPv4 client by its address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey(null)).toBe('unknown');
  });
});
