/**
 * Attacks on the refresh token and on token transport: replaying a rotated-out refresh token,
 * racing a revocation with a refresh, and tokens smuggled in URLs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDevice } from '../../server/session/device.ts';
import { createSession } from '../../server/session/sessions.ts';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import { bearer, expectError, itLeavesNoSecretInTheLogs, rememberSecret, startTarget } from './attack-kit.ts';

let h: TestApp;
beforeAll(async () => {
  h = await startTarget();
});
afterAll(async () => h.close());

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

async function refresh(refreshToken: string): Promise<Response> {
  return fetch(`${h.url}/auth/session/refresh`, { method: 'POST', ...bearer(refreshToken) });
}

async function refreshed(refreshToken: string): Promise<Tokens> {
  const response = await refresh(refreshToken);
  expect(response.status).toBe(200);
  const { tokens } = (await response.json()) as { tokens: Tokens };
  rememberSecret(tokens.accessToken);
  rememberSecret(tokens.refreshToken);
  return tokens;
}

const GRACE_MS = () => h.config.refreshGraceSeconds * 1000;

describe('refresh token replay', () => {
  it('replaying a rotated refresh token past the grace window: TOKEN_THEFT_DETECTED, session gone', async () => {
    const victim = await h.signUp({ mode: 'header' });
    const next = await refreshed(victim.refreshToken);
    h.clock.advance(GRACE_MS() + 1000);
    await expectError(await refresh(victim.refreshToken), 401, 'TOKEN_THEFT_DETECTED');
    expect(await h.store.findSessionById(victim.sessionId)).toBeNull();
    // Neither the thief's nor the victim's newer tokens work any more.
    await expectError(await refresh(next.refreshToken), 401, 'UNAUTHORISED');
    await expectError(await fetch(`${h.url}/api/me`, bearer(next.accessToken)), 401, 'UNAUTHORISED');
  });

  it('replaying a rotated-out refresh token in the grace window once its successor was used is theft too', async () => {
    const victim = await h.signUp({ mode: 'header' });
    const next = await refreshed(victim.refreshToken);
    await refreshed(next.refreshToken);
    await expectError(await refresh(victim.refreshToken), 401, 'TOKEN_THEFT_DETECTED');
    expect(await h.store.findSessionById(victim.sessionId)).toBeNull();
  });

  it('replaying a refresh token many generations old is still recognised as theft', async () => {
    const victim = await h.signUp({ mode: 'header' });
    let tokens: Tokens = victim;
    for (let round = 0; round < 10; round += 1) {
      h.clock.advance(GRACE_MS() + 1000);
      tokens = await refreshed(tokens.refreshToken);
    }
    await expectError(await refresh(victim.refreshToken), 401, 'TOKEN_THEFT_DETECTED');
    expect(await h.store.findSessionById(victim.sessionId)).toBeNull();
    await expectError(await refresh(tokens.refreshToken), 401, 'UNAUTHORISED');
  });

  it('replaying a refresh cookie after rotation is theft, and the answer deletes the cookies', async () => {
    const victim = await h.signUp();
    const stolen = victim.jar.only('refresh');
    const first = await fetch(`${h.url}/auth/session/refresh`, {
      method: 'POST',
      headers: { cookie: stolen, origin: h.url },
    });
    expect(first.status).toBe(200);
    victim.jar.take(first).forEach(rememberSecret);
    h.clock.advance(GRACE_MS() + 1000);
    const replay = await fetch(`${h.url}/auth/session/refresh`, {
      method: 'POST',
      headers: { cookie: stolen, origin: h.url },
    });
    const cleared = replay.headers.getSetCookie();
    await expectError(replay, 401, 'TOKEN_THEFT_DETECTED');
    expect(cleared.some((line) => /sc_refresh=;/.test(line) && /Max-Age=0/i.test(line))).toBe(true);
    expect(await h.store.findSessionById(victim.sessionId)).toBeNull();
  });

  it('20 concurrent refreshes of a token (a thief racing the owner) never fork the session or answer 500', async () => {
    const victim = await h.signUp({ mode: 'header' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => refresh(victim.refreshToken)));
    for (const response of responses) expect([200, 401]).toContain(response.status);
    const live = await h.store.listSessionsByUser(victim.userId, h.clock.now);
    expect(live.map((session) => session.id)).toEqual([victim.sessionId]);
  });

  it('an access token presented as a refresh token is refused and does not touch the session', async () => {
    const victim = await h.signUp({ mode: 'header' });
    await expectError(await refresh(victim.accessToken), 401, 'UNAUTHORISED');
    await expectError(
      await fetch(`${h.url}/auth/session/refresh`, {
        method: 'POST',
        headers: { cookie: `sc_refresh=${victim.accessToken}`, origin: h.url },
      }),
      401,
      'UNAUTHORISED',
    );
    await refreshed(victim.refreshToken);
  });

  it('a refresh token of a signed-out session is refused', async () => {
    const victim = await h.signUp({ mode: 'header' });
    expect((await fetch(`${h.url}/auth/signout`, { method: 'POST', ...bearer(victim.accessToken) })).status).toBe(200);
    await expectError(await refresh(victim.refreshToken), 401, 'UNAUTHORISED');
  });
});

describe('revoke racing refresh', () => {
  it('1000 rounds of revocation racing a refresh: a revoked session never yields a working token', async () => {
    const owner = await h.signUp({ mode: 'header' });
    const failures: string[] = [];
    let refreshWon = 0;
    for (let round = 0; round < 1000; round += 1) {
      const { session, tokens } = await createSession(h.ctx, {
        userId: owner.userId,
        tenantId: 'public',
        device: parseDevice('race'),
        ip: null,
        client: 'api',
      });
      rememberSecret(tokens.accessToken);
      rememberSecret(tokens.refreshToken);
      const revoke = (): Promise<Response> =>
        fetch(`${h.url}/api/sessions/${session.id}`, { method: 'DELETE', ...bearer(tokens.accessToken) });
      const [first, second] =
        round % 2 === 0 ? [revoke(), refresh(tokens.refreshToken)] : [refresh(tokens.refreshToken), revoke()];
      const [a, b] = await Promise.all([first, second]);
      const [revoked, refreshedResponse] = round % 2 === 0 ? [a, b] : [b, a];
      if (revoked.status !== 204) failures.push(`round ${round}: revoke answered ${revoked.status}`);
      if (![200, 401].includes(refreshedResponse.status))
        failures.push(`round ${round}: refresh answered ${refreshedResponse.status}`);
      if (refreshedResponse.status === 200) {
        refreshWon += 1;
        const { tokens: next } = (await refreshedResponse.json()) as { tokens: Tokens };
        rememberSecret(next.accessToken);
        rememberSecret(next.refreshToken);
        const me = await fetch(`${h.url}/api/me`, bearer(next.accessToken));
        if (me.status !== 401) failures.push(`round ${round}: the new access token answered ${me.status}`);
        const again = await refresh(next.refreshToken);
        if (again.status !== 401) failures.push(`round ${round}: the new refresh token answered ${again.status}`);
      } else {
        await refreshedResponse.arrayBuffer();
      }
      const old = await fetch(`${h.url}/api/me`, bearer(tokens.accessToken));
      if (old.status !== 401) failures.push(`round ${round}: the old access token answered ${old.status}`);
      if ((await h.store.findSessionById(session.id)) !== null)
        failures.push(`round ${round}: the session is still stored`);
    }
    expect(failures).toEqual([]);
    // Both orders happened: sometimes the refresh got in first, sometimes the revocation.
    expect(refreshWon).toBeGreaterThan(0);
  }, 120_000);
});

describe('tokens in URLs', () => {
  let person: AppAccount;
  beforeAll(async () => {
    person = await h.signUp({ mode: 'header' });
  });

  it('a token in the query string (?access_token=, ?token=, ?jwt=, ?authorization=) is ignored: 401', async () => {
    for (const name of ['access_token', 'token', 'jwt', 'authorization', 'sc_access', 'auth']) {
      for (const path of ['/api/me', '/api/sessions']) {
        const response = await fetch(`${h.url}${path}?${name}=${person.accessToken}`);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.status).not.toBe(200);
      }
      await expectError(await fetch(`${h.url}/api/me?${name}=${person.accessToken}`), 401, 'UNAUTHORISED');
    }
  });

  it('an access token in the query string cannot end sessions', async () => {
    const response = await fetch(`${h.url}/api/sessions?scope=all&access_token=${person.accessToken}`, {
      method: 'DELETE',
    });
    expect([400, 401]).toContain(response.status);
    const signout = await fetch(`${h.url}/auth/signout?access_token=${person.accessToken}`, { method: 'POST' });
    await expectError(signout, 401, 'UNAUTHORISED');
    expect((await h.store.findSessionById(person.sessionId))?.id).toBe(person.sessionId);
  });

  it('a refresh token in the query string (?refresh_token=, ?token=) is ignored and not used up', async () => {
    for (const name of ['refresh_token', 'token']) {
      await expectError(
        await fetch(`${h.url}/auth/session/refresh?${name}=${person.refreshToken}`, { method: 'POST' }),
        401,
        'UNAUTHORISED',
      );
    }
    // The genuine refresh token is still current, so it was neither used nor treated as stolen.
    await refreshed(person.refreshToken);
  });

  it('a token in a JSON body field is not a credential', async () => {
    const response = await fetch(`${h.url}/auth/reauthenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'whatever-pw', accessToken: person.accessToken }),
    });
    await expectError(response, 401, 'UNAUTHORISED');
  });
});

itLeavesNoSecretInTheLogs();
