/**
 * Attacks on known devices (issue 12, issue 16 item 3): the device cookie and X-Device-Token,
 * forged, replayed on another account or oversized, never authenticate and never make a device
 * known for someone else; hostile device names are refused or kept as text; events about devices
 * reach no one else. Every test once per store engine.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../../server/session/secrets.ts';
import { openEvents } from '../../server/testing/event-stream-client.ts';
import { ENGINES } from '../../server/testing/test-app.ts';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import { bearer, expectError, itLeavesNoSecretInTheLogs, json, rememberSecret, startTarget } from './attack-kit.ts';

const FORGED = [
  `scdv_${'A'.repeat(43)}`,
  `scdv_${'x'.repeat(4_000)}`,
  'x'.repeat(8_000),
  '<script>alert(1)</script>',
  "'; DROP TABLE devices; --",
  '%00%0d%0aSet-Cookie: a=b',
];

describe.each(ENGINES)('on %s', (engine) => {
  let h: TestApp;
  beforeAll(async () => {
    h = await startTarget({}, { engine });
  });
  afterAll(async () => h.close());

  async function signInWith(account: AppAccount, headers: Record<string, string>, mode: 'cookie' | 'header') {
    const response = await fetch(`${h.url}/auth/signin`, {
      ...json({ email: account.email, password: account.password }),
      headers: {
        'content-type': 'application/json',
        ...(mode === 'header' ? { 'x-auth-mode': 'header' } : { origin: h.url }),
        ...headers,
      },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      session: { deviceId: string; newDevice: boolean };
      tokens?: { accessToken: string; refreshToken: string; deviceToken?: string };
    };
    for (const value of [body.tokens?.accessToken, body.tokens?.refreshToken, body.tokens?.deviceToken])
      rememberSecret(value);
    const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]?.split('=')[1] ?? '');
    for (const value of cookies) for (const part of value.split('.')) rememberSecret(part);
    const deviceCookie = response.headers.getSetCookie().find((line) => line.startsWith('sc_device='));
    return { ...body, deviceCookie: deviceCookie?.split(';')[0]?.slice('sc_device='.length) };
  }

  it('a device secret never authenticates: as a cookie, a Bearer token or X-Device-Token, anywhere', async () => {
    const person = await h.signUp();
    const secret = person.deviceToken;
    const attempts: [string, string, Record<string, string>][] = [];
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/sessions'],
      ['GET', '/api/sessions/history'],
      ['GET', '/api/events'],
      ['POST', `/api/sessions/${person.sessionId}/acknowledge`],
      ['DELETE', `/api/sessions/${person.sessionId}`],
      ['POST', '/auth/reauthenticate'],
    ] as const) {
      attempts.push([method, path, { cookie: `sc_device=${secret}` }]);
      attempts.push([method, path, { authorization: `Bearer ${secret}` }]);
      attempts.push([method, path, { 'x-device-token': secret }]);
    }
    for (const [method, path, headers] of attempts) {
      const response = await fetch(`${h.url}${path}`, { method, headers: { origin: h.url, ...headers } });
      await expectError(response, 401, 'UNAUTHORISED');
    }
    const refresh = await fetch(`${h.url}/auth/session/refresh`, {
      method: 'POST',
      headers: { origin: h.url, cookie: `sc_refresh=${secret}; sc_device=${secret}` },
    });
    await expectError(refresh, 401, 'UNAUTHORISED');
    expect(await h.store.findSessionById(person.sessionId)).not.toBeNull();
  });

  it('a device secret without the password signs nobody in', async () => {
    const person = await h.signUp();
    const presented: Record<string, string>[] = [
      { cookie: `sc_device=${person.deviceToken}` },
      { 'x-device-token': person.deviceToken },
    ];
    for (const headers of presented) {
      const response = await fetch(`${h.url}/auth/signin`, {
        ...json({ email: person.email, password: 'not the password' }),
        headers: { 'content-type': 'application/json', origin: h.url, ...headers },
      });
      await expectError(response, 401, 'INVALID_CREDENTIALS');
    }
  });

  it('replayed on another account, a device secret makes no device known there, in either mode', async () => {
    const alice = await h.signUp();
    const bob = await h.signUp({ mode: 'header' });
    for (let round = 0; round < 2; round += 1) {
      const viaCookie = await signInWith(bob, { cookie: `sc_device=${alice.deviceToken}` }, 'cookie');
      expect(viaCookie.session.newDevice).toBe(true);
      expect(viaCookie.session.deviceId).not.toBe(alice.deviceId);
      const viaHeader = await signInWith(bob, { 'x-device-token': alice.deviceToken }, 'header');
      expect(viaHeader.session.newDevice).toBe(true);
      expect(viaHeader.tokens?.deviceToken).not.toBe(alice.deviceToken);
    }
    const bobsHashes = await h.query<{ secret_hash: string }>('SELECT secret_hash FROM devices WHERE user_id = ?', [
      bob.userId,
    ]);
    expect(bobsHashes.map((row) => row.secret_hash)).not.toContain(hashToken(alice.deviceToken));
  });

  it('forged, oversized, malformed device secrets: the sign-in works, the device is new, none is stored', async () => {
    const person = await h.signUp({ mode: 'header' });
    for (const forged of FORGED) {
      const viaHeader = await signInWith(person, { 'x-device-token': forged.slice(0, 7_000) }, 'header');
      expect(viaHeader.session.newDevice).toBe(true);
      expect(viaHeader.tokens?.deviceToken).toMatch(/^scdv_[A-Za-z0-9_-]{43}$/);
      const viaCookie = await signInWith(person, { cookie: `sc_device=${encodeURIComponent(forged)}` }, 'cookie');
      expect(viaCookie.session.newDevice).toBe(true);
      // A fresh secret first; a well-formed stranger may be kept beside it (another account's, for all we know).
      expect(viaCookie.deviceCookie).toMatch(/^scdv_[A-Za-z0-9_-]{43}(\.scdv_[A-Za-z0-9_-]{43})?$/);
      expect(viaCookie.deviceCookie?.split('.')[0]).not.toBe(forged);
    }
    const stored = JSON.stringify(await h.query('SELECT * FROM devices'));
    for (const forged of FORGED) expect(stored).not.toContain(hashToken(forged));
  });

  it('device names: markup kept as text, served as JSON; bidi, zero-width, controls and 10 KB refused', async () => {
    const person = await h.signUp({ mode: 'header' });
    const rename = (label: unknown) =>
      fetch(`${h.url}/api/sessions/${person.sessionId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${person.accessToken}` },
        body: JSON.stringify({ label }),
      });
    const markup = '<img src=x onerror=alert(1)>';
    const kept = await rename(markup);
    expect(kept.status).toBe(200);
    expect(kept.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await kept.json()) as { session: { device: { label: string } } }).session.device.label).toBe(markup);
    for (const label of [
      'a\u202Eb',
      'a\u2066b',
      'a\u200Bb',
      'a\uFEFFb',
      'a\u0000b',
      'a\r\nevent: x',
      'x'.repeat(10_240),
    ]) {
      await expectError(await rename(label), 400, 'BAD_REQUEST');
    }
    const listed = await fetch(`${h.url}/api/sessions`, bearer(person.accessToken));
    const body = (await listed.json()) as { sessions: { device: { label: string | null } }[] };
    expect(body.sessions[0]?.device.label).toBe(markup);
  });

  it('events about devices reach only the owner’s other streams, and carry no device secret', async () => {
    const owner = await h.signUp();
    const stranger = await h.signUp();
    const ownerStream = await openEvents(h.url, { client: owner.client });
    const strangerStream = await openEvents(h.url, { client: stranger.client });
    const newcomer = await h.signIn(owner.email, owner.password);
    await vi.waitFor(() => expect(ownerStream.events.some((event) => event.event === 'new-sign-in')).toBe(true));
    const renamed = await owner.client.request('PATCH', `/api/sessions/${newcomer.sessionId}`, {
      json: { label: 'event: session-ended' },
    });
    expect(renamed.status).toBe(200);
    await vi.waitFor(() =>
      expect(ownerStream.events.map((event) => event.data)).toContainEqual({
        sessionId: newcomer.sessionId,
        change: 'renamed',
      }),
    );
    expect(ownerStream.events.map((event) => event.event)).not.toContain('session-ended');
    for (const secret of [owner.deviceToken, newcomer.deviceToken]) {
      expect(ownerStream.raw()).not.toContain(secret);
      expect(ownerStream.raw()).not.toContain(hashToken(secret));
    }
    expect(strangerStream.raw()).not.toContain(newcomer.sessionId);
    expect(strangerStream.events.map((event) => event.event)).not.toContain('new-sign-in');
    ownerStream.close();
    strangerStream.close();
  });
});

itLeavesNoSecretInTheLogs();
