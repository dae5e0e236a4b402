/**
 * The session's life from the attacker's side: fixation, lifetimes, the concurrent-session
 * limit, termination (sign-out, operator, disabled account, password change), re-authentication
 * before ending other devices, and the cookie and header hardening that keeps tokens in place.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../server/cli/sessionctl.ts';
import { loadConfig } from '../../server/config.ts';
import { parseDevice } from '../../server/session/device.ts';
import { createSession } from '../../server/session/sessions.ts';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import { CookieJar } from '../../server/testing/cookie-jar.ts';
import {
  bearer,
  expectError,
  itLeavesNoSecretInTheLogs,
  json,
  listSessionIds,
  rememberSecret,
  startTarget,
} from './attack-kit.ts';

const MINUTE = 60_000;

async function refreshWith(h: TestApp, refreshToken: string): Promise<Response> {
  return fetch(`${h.url}/auth/session/refresh`, { method: 'POST', ...bearer(refreshToken) });
}

async function sessionctl(
  h: TestApp,
  name: string,
  positionals: string[],
  options: Record<string, string | boolean | undefined> = {},
): Promise<string> {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new Error(`no sessionctl command ${name}`);
  return command.run(h.ctx, positionals, options, async () => '');
}

describe('documented limits (ASVS 7.1.1, 7.1.2)', () => {
  it('defaults as documented: 30-day idle, 90-day lifetime, 100 sessions, re-auth after 5 min, 15-min tokens', () => {
    const config = loadConfig({});
    expect(config.refreshTokenTtlSeconds).toBe(30 * 86_400);
    expect(config.sessionMaxLifetimeSeconds).toBe(90 * 86_400);
    expect(config.maxSessionsPerUser).toBe(100);
    expect(config.reauthMaxAgeSeconds).toBe(300);
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.revocationMode).toBe('strict');
  });
});

describe('timeouts and the session limit (short lifetimes on a fake clock)', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget({
      ACCESS_TOKEN_TTL_SECONDS: '60',
      REFRESH_TOKEN_TTL_SECONDS: '3600',
      SESSION_MAX_LIFETIME_SECONDS: '7200',
      MAX_SESSIONS_PER_USER: '3',
    });
  });
  afterAll(async () => h.close());

  it('idle timeout: a session unused past REFRESH_TOKEN_TTL_SECONDS cannot be used and leaves the list', async () => {
    const idle = await h.signUp({ mode: 'header' });
    const other = await h.signIn(idle.email, idle.password, { mode: 'header' });
    h.clock.advance(3600 * 1000 + 1000);
    await expectError(await refreshWith(h, idle.refreshToken), 401, 'UNAUTHORISED');
    await expectError(await fetch(`${h.url}/api/me`, bearer(idle.accessToken)), 401, 'TRY_REFRESH_TOKEN');
    expect(await h.store.listSessionsByUser(idle.userId, h.clock.now)).toEqual([]);
    void other;
  });

  it('absolute lifetime: session and tokens end at SESSION_MAX_LIFETIME_SECONDS despite 30-min refreshes', async () => {
    const busy = await h.signUp({ mode: 'header' });
    const started = h.clock.now;
    let refreshToken = busy.refreshToken;
    let lastAccessExpiry = 0;
    while (h.clock.now - started < 7200 * 1000 - 30 * MINUTE) {
      h.clock.advance(30 * MINUTE);
      const response = await refreshWith(h, refreshToken);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        tokens: { refreshToken: string; accessToken: string; accessTokenExpiresAt: string };
        session: { expiresAt: string };
      };
      rememberSecret(body.tokens.refreshToken);
      rememberSecret(body.tokens.accessToken);
      refreshToken = body.tokens.refreshToken;
      lastAccessExpiry = Date.parse(body.tokens.accessTokenExpiresAt);
      expect(Date.parse(body.session.expiresAt)).toBeLessThanOrEqual(started + 7200 * 1000);
    }
    expect(lastAccessExpiry).toBeLessThanOrEqual(started + 7200 * 1000);
    h.clock.advance(30 * MINUTE + 1000);
    await expectError(await refreshWith(h, refreshToken), 401, 'UNAUTHORISED');
  });

  it('session limit: a fourth sign-in ends the least recently active session, not the one in use', async () => {
    const first = await h.signUp({ mode: 'header' });
    h.clock.advance(MINUTE);
    const second = await h.signIn(first.email, first.password, { mode: 'header' });
    h.clock.advance(MINUTE);
    const third = await h.signIn(first.email, first.password, { mode: 'header' });
    // The first device is used now, so the second is the least recently active.
    h.clock.advance(2 * MINUTE);
    const renewed = await refreshWith(h, first.refreshToken);
    expect(renewed.status).toBe(200);
    const { tokens } = (await renewed.json()) as { tokens: { accessToken: string; refreshToken: string } };
    rememberSecret(tokens.accessToken);
    rememberSecret(tokens.refreshToken);
    expect((await fetch(`${h.url}/api/me`, bearer(tokens.accessToken))).status).toBe(200);
    h.clock.advance(30_000);
    const fourth = await h.signIn(first.email, first.password, { mode: 'header' });
    expect(await listSessionIds(h, fourth.accessToken)).toEqual(
      [first.sessionId, third.sessionId, fourth.sessionId].sort(),
    );
    expect((await fetch(`${h.url}/api/me`, bearer(second.accessToken))).status).toBe(401);
    await expectError(await refreshWith(h, second.refreshToken), 401, 'UNAUTHORISED');
  });

  it('the session limit counts per tenant: sessions in another tenant are not ended', async () => {
    await h.store.insertTenant({ id: 'limit-tenant', createdAt: h.clock.now });
    const elsewhere = await h.signUp({ mode: 'header', tenantId: 'limit-tenant' });
    await h.store.addUserToTenant(elsewhere.userId, 'public');
    for (let index = 0; index < 4; index += 1) await h.signIn(elsewhere.email, elsewhere.password, { mode: 'header' });
    expect(await listSessionIds(h, elsewhere.accessToken)).toEqual([elsewhere.sessionId]);
    expect((await h.store.listSessionsByUser(elsewhere.userId, h.clock.now, { tenantId: 'public' })).length).toBe(3);
  });
});

describe('fixation, token quality and termination', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget();
  });
  afterAll(async () => h.close());

  it('session fixation: cookies planted before sign-in are replaced by a brand-new session', async () => {
    const attacker = await h.signUp();
    const planted = attacker.jar.all();
    const victimEmail = 'fixation-victim@example.test';
    const signup = await fetch(`${h.url}/auth/signup`, json({ email: victimEmail, password: 'victim-password-1' }));
    expect(signup.status).toBe(201);
    rememberSecret('victim-password-1');
    const signin = await fetch(`${h.url}/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: h.url, cookie: planted },
      body: JSON.stringify({ email: victimEmail, password: 'victim-password-1' }),
    });
    expect(signin.status).toBe(200);
    const jar = new CookieJar();
    jar.take(signin).forEach(rememberSecret);
    const body = (await signin.json()) as { session: { id: string } };
    expect(body.session.id).not.toBe(attacker.sessionId);
    for (const [name, value] of jar.entries()) expect(attacker.jar.get(name)).not.toBe(value);
    // The planted cookies still belong to the attacker's own session, not the victim's.
    const me = await fetch(`${h.url}/api/me`, { headers: { cookie: attacker.jar.only('access') } });
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(attacker.email);
  });

  it('session ids and refresh tokens are unique, random and too long to guess (≥128 and ≥256 bits)', async () => {
    const owner = await h.signUp({ mode: 'header' });
    const ids = new Set<string>();
    const refreshTokens = new Set<string>();
    for (let index = 0; index < 200; index += 1) {
      const { session, tokens } = await createSession(h.ctx, {
        userId: owner.userId,
        tenantId: 'public',
        device: parseDevice(undefined),
        ip: null,
        client: 'api',
      });
      rememberSecret(tokens.refreshToken);
      rememberSecret(tokens.accessToken);
      expect(Buffer.from(session.id, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(tokens.refreshToken).toMatch(/^scrt_[A-Za-z0-9_-]{43}$/);
      ids.add(session.id);
      refreshTokens.add(tokens.refreshToken);
    }
    expect(ids.size).toBe(200);
    expect(refreshTokens.size).toBe(200);
    // The store keeps only a hash: the raw refresh token is nowhere in the session record.
    const stored = JSON.stringify(await h.store.listSessionsByUser(owner.userId, h.clock.now));
    for (const token of [...refreshTokens].slice(0, 20)) expect(stored).not.toContain(token);
  });

  it('each sign-in issues new tokens (no static keys): two sign-ins never share a token or a session id', async () => {
    const first = await h.signUp({ mode: 'header' });
    const second = await h.signIn(first.email, first.password, { mode: 'header' });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
  });

  it('sign-out ends the session at once: its access and refresh tokens are refused on the next request', async () => {
    const person = await h.signUp({ mode: 'header' });
    expect((await fetch(`${h.url}/api/me`, bearer(person.accessToken))).status).toBe(200);
    expect((await fetch(`${h.url}/auth/signout`, { method: 'POST', ...bearer(person.accessToken) })).status).toBe(200);
    await expectError(await fetch(`${h.url}/api/me`, bearer(person.accessToken)), 401, 'UNAUTHORISED');
    await expectError(await refreshWith(h, person.refreshToken), 401, 'UNAUTHORISED');
  });

  it('ending a session from another device stops its access token on its next request (strict mode)', async () => {
    const laptop = await h.signUp({ mode: 'header' });
    const phone = await h.signIn(laptop.email, laptop.password, { mode: 'header' });
    expect(
      (await fetch(`${h.url}/api/sessions/${phone.sessionId}`, { method: 'DELETE', ...bearer(laptop.accessToken) }))
        .status,
    ).toBe(204);
    await expectError(await fetch(`${h.url}/api/me`, bearer(phone.accessToken)), 401, 'UNAUTHORISED');
    await expectError(await refreshWith(h, phone.refreshToken), 401, 'UNAUTHORISED');
  });

  it('a disabled account (sessionctl disable-user) loses all sessions in all tenants, cannot sign in', async () => {
    await h.store.insertTenant({ id: 'disable-tenant', createdAt: h.clock.now });
    const person = await h.signUp({ mode: 'header' });
    await h.store.addUserToTenant(person.userId, 'disable-tenant');
    const elsewhere = await h.signIn(person.email, person.password, { mode: 'header', tenantId: 'disable-tenant' });
    await sessionctl(h, 'disable-user', [person.email]);
    for (const token of [person.accessToken, elsewhere.accessToken])
      await expectError(await fetch(`${h.url}/api/me`, bearer(token)), 401, 'UNAUTHORISED');
    for (const token of [person.refreshToken, elsewhere.refreshToken])
      await expectError(await refreshWith(h, token), 401, 'UNAUTHORISED');
    await expectError(
      await fetch(`${h.url}/auth/signin`, json({ email: person.email, password: person.password })),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('an operator ends one session (sessionctl revoke) or all a user’s sessions (sessionctl revoke-all)', async () => {
    const person = await h.signUp({ mode: 'header' });
    const second = await h.signIn(person.email, person.password, { mode: 'header' });
    const third = await h.signIn(person.email, person.password, { mode: 'header' });
    await sessionctl(h, 'revoke', [second.sessionId]);
    await expectError(await fetch(`${h.url}/api/me`, bearer(second.accessToken)), 401, 'UNAUTHORISED');
    expect((await fetch(`${h.url}/api/me`, bearer(third.accessToken))).status).toBe(200);
    await sessionctl(h, 'revoke-all', [person.email]);
    for (const token of [person.accessToken, third.accessToken])
      await expectError(await fetch(`${h.url}/api/me`, bearer(token)), 401, 'UNAUTHORISED');
  });
});

describe('stateless mode keeps its narrower promise', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget({ REVOCATION_MODE: 'stateless', ACCESS_TOKEN_TTL_SECONDS: '60' });
  });
  afterAll(async () => h.close());

  it('stateless: a revoked session cannot refresh; its access token lasts ≤ ACCESS_TOKEN_TTL_SECONDS', async () => {
    const laptop = await h.signUp({ mode: 'header' });
    const phone = await h.signIn(laptop.email, laptop.password, { mode: 'header' });
    expect(
      (await fetch(`${h.url}/api/sessions/${phone.sessionId}`, { method: 'DELETE', ...bearer(laptop.accessToken) }))
        .status,
    ).toBe(204);
    await expectError(await refreshWith(h, phone.refreshToken), 401, 'UNAUTHORISED');
    // The documented window: the token already issued keeps working until it expires…
    expect((await fetch(`${h.url}/api/me`, bearer(phone.accessToken))).status).toBe(200);
    h.clock.advance(61_000);
    // …and not a second longer.
    await expectError(await fetch(`${h.url}/api/me`, bearer(phone.accessToken)), 401, 'TRY_REFRESH_TOKEN');
    await expectError(await refreshWith(h, phone.refreshToken), 401, 'UNAUTHORISED');
  });

  it('stateless: a revoked session’s access token cannot end sessions, re-authenticate, change password', async () => {
    const laptop = await h.signUp({ mode: 'header' });
    const thief = await h.signIn(laptop.email, laptop.password, { mode: 'header' });
    expect(
      (await fetch(`${h.url}/api/sessions/${thief.sessionId}`, { method: 'DELETE', ...bearer(laptop.accessToken) }))
        .status,
    ).toBe(204);
    await expectError(
      await fetch(`${h.url}/api/sessions/${laptop.sessionId}`, { method: 'DELETE', ...bearer(thief.accessToken) }),
      401,
      'UNAUTHORISED',
    );
    await expectError(
      await fetch(`${h.url}/api/sessions?scope=others`, { method: 'DELETE', ...bearer(thief.accessToken) }),
      401,
      'UNAUTHORISED',
    );
    await expectError(
      await fetch(`${h.url}/api/sessions?scope=all`, { method: 'DELETE', ...bearer(thief.accessToken) }),
      401,
      'UNAUTHORISED',
    );
    const reauth = await fetch(`${h.url}/auth/reauthenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${thief.accessToken}` },
      body: JSON.stringify({ password: laptop.password }),
    });
    await expectError(reauth, 401, 'UNAUTHORISED');
    const change = await fetch(`${h.url}/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${thief.accessToken}` },
      body: JSON.stringify({
        currentPassword: laptop.password,
        newPassword: 'thief-chosen-pw',
        signOutOtherDevices: true,
      }),
    });
    rememberSecret('thief-chosen-pw');
    await expectError(change, 401, 'UNAUTHORISED');
    expect(await listSessionIds(h, laptop.accessToken)).toEqual([laptop.sessionId]);
  });
});

describe('re-authentication and password change', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget();
  });
  afterAll(async () => h.close());

  async function deviceAndAnother(): Promise<{ device: AppAccount; other: AppAccount }> {
    const device = await h.signUp({ mode: 'header' });
    const other = await h.signIn(device.email, device.password, { mode: 'header' });
    return { device, other };
  }

  it('a stolen session over 5 minutes old cannot end other devices without password (REAUTH_REQUIRED)', async () => {
    const { device, other } = await deviceAndAnother();
    h.clock.advance(5 * MINUTE + 1000);
    await expectError(
      await fetch(`${h.url}/api/sessions?scope=others`, { method: 'DELETE', ...bearer(device.accessToken) }),
      403,
      'REAUTH_REQUIRED',
    );
    await expectError(
      await fetch(`${h.url}/api/sessions?scope=all`, { method: 'DELETE', ...bearer(device.accessToken) }),
      403,
      'REAUTH_REQUIRED',
    );
    await expectError(
      await fetch(`${h.url}/api/sessions/${other.sessionId}`, { method: 'DELETE', ...bearer(device.accessToken) }),
      403,
      'REAUTH_REQUIRED',
    );
    // A wrong password does not count as re-authentication.
    await expectError(
      await fetch(`${h.url}/auth/reauthenticate`, {
        ...json({ password: 'wrong-password' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.accessToken}` },
      }),
      401,
      'INVALID_CREDENTIALS',
    );
    await expectError(
      await fetch(`${h.url}/api/sessions/${other.sessionId}`, { method: 'DELETE', ...bearer(device.accessToken) }),
      403,
      'REAUTH_REQUIRED',
    );
    expect(await listSessionIds(h, other.accessToken)).toEqual([device.sessionId, other.sessionId].sort());
  });

  it('after re-authenticating with the password, the owner can view and end any or all other sessions', async () => {
    const { device, other } = await deviceAndAnother();
    const third = await h.signIn(device.email, device.password, { mode: 'header' });
    h.clock.advance(5 * MINUTE + 1000);
    const listed = await fetch(`${h.url}/api/sessions`, bearer(device.accessToken));
    const body = (await listed.json()) as { sessions: { id: string; current: boolean; device: { name: string } }[] };
    expect(body.sessions.map((session) => session.id).sort()).toEqual(
      [device.sessionId, other.sessionId, third.sessionId].sort(),
    );
    expect(body.sessions[0]?.current).toBe(true);
    const reauth = await fetch(`${h.url}/auth/reauthenticate`, {
      ...json({ password: device.password }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.accessToken}` },
    });
    expect(reauth.status).toBe(200);
    expect(
      (await fetch(`${h.url}/api/sessions/${other.sessionId}`, { method: 'DELETE', ...bearer(device.accessToken) }))
        .status,
    ).toBe(204);
    const others = await fetch(`${h.url}/api/sessions?scope=others`, {
      method: 'DELETE',
      ...bearer(device.accessToken),
    });
    expect(await others.json()).toEqual({ revoked: 1 });
    expect(await listSessionIds(h, device.accessToken)).toEqual([device.sessionId]);
  });

  it('re-authentication is rate limited like sign-in: guessing the password from a stolen session stops', async () => {
    const { device } = await deviceAndAnother();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const response = await fetch(`${h.url}/auth/reauthenticate`, {
        ...json({ password: `guess-${attempt}` }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.accessToken}` },
      });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const right = await fetch(`${h.url}/auth/reauthenticate`, {
      ...json({ password: device.password }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.accessToken}` },
    });
    await expectError(right, 429, 'RATE_LIMITED');
  });

  it('changing the password needs the current one: a stolen session cannot take over the account', async () => {
    const { device } = await deviceAndAnother();
    const attempt = await fetch(`${h.url}/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.accessToken}` },
      body: JSON.stringify({
        currentPassword: 'attacker-guess',
        newPassword: 'attacker-chosen-1',
        signOutOtherDevices: true,
      }),
    });
    await expectError(attempt, 401, 'INVALID_CREDENTIALS');
    rememberSecret('attacker-chosen-1');
    await expectError(
      await fetch(`${h.url}/auth/signin`, json({ email: device.email, password: 'attacker-chosen-1' })),
      401,
      'INVALID_CREDENTIALS',
    );
    expect(
      (
        await fetch(`${h.url}/auth/signin`, {
          ...json({ email: device.email, password: device.password }),
          headers: { 'content-type': 'application/json', 'x-auth-mode': 'header' },
        })
      ).status,
    ).toBe(200);
  });

  it('a password change gives this device a new session id, kills its old tokens, ends others if asked', async () => {
    const { device, other } = await deviceAndAnother();
    const newPassword = 'a-brand-new-password';
    rememberSecret(newPassword);
    const response = await fetch(`${h.url}/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.accessToken}` },
      body: JSON.stringify({ currentPassword: device.password, newPassword, signOutOtherDevices: true }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      session: { id: string };
      revoked: number;
      tokens: { accessToken: string; refreshToken: string };
    };
    rememberSecret(body.tokens.accessToken);
    rememberSecret(body.tokens.refreshToken);
    expect(body.session.id).not.toBe(device.sessionId);
    expect(body.revoked).toBe(1);
    for (const token of [device.accessToken, other.accessToken])
      await expectError(await fetch(`${h.url}/api/me`, bearer(token)), 401, 'UNAUTHORISED');
    for (const token of [device.refreshToken, other.refreshToken])
      await expectError(await refreshWith(h, token), 401, 'UNAUTHORISED');
    expect(await listSessionIds(h, body.tokens.accessToken)).toEqual([body.session.id]);
  });

  it('a password change without signing out other devices keeps them (the user’s choice)', async () => {
    const { device, other } = await deviceAndAnother();
    const newPassword = 'another-new-password';
    rememberSecret(newPassword);
    const response = await fetch(`${h.url}/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.accessToken}` },
      body: JSON.stringify({ currentPassword: device.password, newPassword, signOutOtherDevices: false }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { revoked: number; tokens: { accessToken: string; refreshToken: string } };
    rememberSecret(body.tokens.accessToken);
    rememberSecret(body.tokens.refreshToken);
    expect(body.revoked).toBe(0);
    expect((await fetch(`${h.url}/api/me`, bearer(other.accessToken))).status).toBe(200);
  });
});

describe('cookies and headers', () => {
  function cookieLines(response: Response): Map<string, string> {
    return new Map(response.headers.getSetCookie().map((line) => [line.split('=')[0] ?? '', line]));
  }

  it('over plain HTTP (local dev): cookies HttpOnly, SameSite=Strict, refresh cookie on refresh path', async () => {
    const h = await startTarget();
    try {
      const response = await fetch(`${h.url}/auth/signup`, {
        ...json({ email: 'cookies-http@example.test', password: 'cookie-password-1' }),
        headers: { 'content-type': 'application/json', origin: h.url },
      });
      rememberSecret('cookie-password-1');
      new CookieJar().take(response).forEach(rememberSecret);
      const lines = cookieLines(response);
      const access = lines.get('sc_access') ?? '';
      const refresh = lines.get('sc_refresh') ?? '';
      for (const line of [access, refresh]) {
        expect(line).toMatch(/; HttpOnly/i);
        expect(line).toMatch(/; SameSite=Strict/i);
        expect(line).not.toMatch(/; Domain=/i);
      }
      expect(access).toMatch(/; Path=\/(;|$)/);
      expect(refresh).toMatch(/; Path=\/auth\/session\/refresh(;|$)/);
    } finally {
      await h.close();
    }
  });

  for (const [name, env] of [
    ['COOKIE_SECURE=true', { COOKIE_SECURE: 'true' }],
    ['an https PUBLIC_ORIGIN', { PUBLIC_ORIGIN: 'https://sessions.example' }],
  ] as const) {
    it(`with ${name}: cookies __Host-, __Secure- (narrow path), Secure, HttpOnly, SameSite=Strict; HSTS`, async () => {
      const h = await startTarget({ ...env });
      try {
        const origin = h.config.publicOrigins[0] ?? h.url;
        const email = `cookies-${Math.random().toString(36).slice(2)}@example.test`;
        const response = await fetch(`${h.url}/auth/signup`, {
          ...json({ email, password: 'cookie-password-2' }),
          headers: { 'content-type': 'application/json', origin },
        });
        rememberSecret('cookie-password-2');
        expect(response.status).toBe(201);
        const jar = new CookieJar();
        jar.take(response).forEach(rememberSecret);
        const lines = cookieLines(response);
        expect([...lines.keys()].sort()).toEqual(['__Host-sc_access', '__Host-sc_device', '__Secure-sc_refresh']);
        const access = lines.get('__Host-sc_access') ?? '';
        const refresh = lines.get('__Secure-sc_refresh') ?? '';
        const device = lines.get('__Host-sc_device') ?? '';
        expect(device).toMatch(/; Path=\/(;|$)/);
        for (const line of [access, refresh, device]) {
          expect(line).toMatch(/; Secure/i);
          expect(line).toMatch(/; HttpOnly/i);
          expect(line).toMatch(/; SameSite=Strict/i);
          expect(line).not.toMatch(/; Domain=/i);
        }
        expect(access).toMatch(/; Path=\/(;|$)/);
        expect(refresh).toMatch(/; Path=\/auth\/session\/refresh(;|$)/);
        expect(response.headers.get('strict-transport-security')).toMatch(
          /max-age=(\d{8,}|3153[6-9]\d{3});\s*includeSubDomains/,
        );
        // The prefixed cookies are the ones the server reads back, and sign-out deletes them by name.
        const refreshed = await fetch(`${h.url}/auth/session/refresh`, {
          method: 'POST',
          headers: { cookie: jar.only('refresh'), origin },
        });
        expect(refreshed.status).toBe(200);
        jar.take(refreshed).forEach(rememberSecret);
        const signout = await fetch(`${h.url}/auth/signout`, {
          method: 'POST',
          headers: { cookie: jar.only('access'), origin },
        });
        expect(signout.status).toBe(200);
        const cleared = signout.headers.getSetCookie();
        expect(
          cleared.some(
            (line) =>
              line.startsWith('__Host-sc_access=;') &&
              /Max-Age=0/i.test(line) &&
              /; Secure/i.test(line) &&
              /Path=\/(;|$)/.test(line),
          ),
        ).toBe(true);
        expect(
          cleared.some(
            (line) =>
              line.startsWith('__Secure-sc_refresh=;') &&
              /Max-Age=0/i.test(line) &&
              /Path=\/auth\/session\/refresh/.test(line),
          ),
        ).toBe(true);
      } finally {
        await h.close();
      }
    });
  }

  it('every way of ending this session sends Clear-Site-Data "storage", expires both token cookies', async () => {
    const h = await startTarget();
    try {
      const expectCleared = (response: Response): void => {
        // Not "cookies": that would delete the device cookie, and signing out ends the session, not the device.
        expect(response.headers.get('clear-site-data')).toBe('"storage"');
        const lines = response.headers.getSetCookie();
        expect(lines.some((line) => line.startsWith('sc_device='))).toBe(false);
        expect(lines.some((line) => line.startsWith('sc_access=;') && /Max-Age=0/i.test(line))).toBe(true);
        expect(lines.some((line) => line.startsWith('sc_refresh=;') && /Max-Age=0/i.test(line))).toBe(true);
      };
      const a = await h.signUp();
      const signout = await fetch(`${h.url}/auth/signout`, {
        method: 'POST',
        headers: { cookie: a.jar.all(), origin: h.url },
      });
      expect(signout.status).toBe(200);
      expectCleared(signout);
      const b = await h.signUp();
      const own = await fetch(`${h.url}/api/sessions/${b.sessionId}`, {
        method: 'DELETE',
        headers: { cookie: b.jar.all(), origin: h.url },
      });
      expect(own.status).toBe(204);
      expectCleared(own);
      const c = await h.signUp();
      const all = await fetch(`${h.url}/api/sessions?scope=all`, {
        method: 'DELETE',
        headers: { cookie: c.jar.all(), origin: h.url },
      });
      expect(all.status).toBe(200);
      expectCleared(all);
      // Signing out of a session that is already gone still tells the browser to forget everything.
      const again = await fetch(`${h.url}/auth/signout`, {
        method: 'POST',
        headers: { cookie: a.jar.all(), origin: h.url },
      });
      expect(again.status).toBe(401);
      expectCleared(again);
    } finally {
      await h.close();
    }
  });

  it('dashboard pages and assets: CSP with no inline script, object, base-uri or framing; no traversal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Session Control</title><div id="app"></div>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const h = await startTarget({ DASHBOARD_DIR: dir });
    try {
      for (const path of ['/', '/signin', '/account/security', '/assets/app.js']) {
        const response = await fetch(`${h.url}${path}`);
        expect(response.status).toBe(200);
        const csp = response.headers.get('content-security-policy') ?? '';
        for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"])
          expect(csp).toContain(directive);
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        await response.arrayBuffer();
      }
      // Files outside the built folder are not served, however the path is spelled.
      for (const path of [
        '/assets/../../package.json',
        '/assets/%2e%2e/%2e%2e/package.json',
        '/assets/..%2f..%2fpackage.json',
      ]) {
        const response = await fetch(`${h.url}${path}`);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(await response.text()).not.toContain('"dependencies"');
      }
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('auth/session answers are never cached and carry nosniff, no-referrer and frame-ancestors none', async () => {
    const h = await startTarget();
    try {
      const person = await h.signUp({ mode: 'header' });
      for (const [path, init] of [
        ['/api/me', bearer(person.accessToken)],
        ['/api/sessions', bearer(person.accessToken)],
        ['/auth/session/refresh', { method: 'POST', ...bearer(person.refreshToken) }],
        ['/api/me', {}],
      ] as [string, RequestInit][]) {
        const response = await fetch(`${h.url}${path}`, init);
        if (response.status === 200 && path === '/auth/session/refresh') {
          const body = (await response.json()) as { tokens: { accessToken: string; refreshToken: string } };
          rememberSecret(body.tokens.accessToken);
          rememberSecret(body.tokens.refreshToken);
        }
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('referrer-policy')).toBe('no-referrer');
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("base-uri 'none'");
        expect(response.headers.get('x-powered-by')).toBeNull();
      }
    } finally {
      await h.close();
    }
  });
});

itLeavesNoSecretInTheLogs();
