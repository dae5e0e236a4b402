/** Known devices over HTTP (issue 12): the device cookie and token, and when a sign-in is "new". */
import { afterEach, describe, expect, it } from 'vitest';
import { authResponseSchema, errorBodySchema, sessionListResponseSchema } from '../../shared/schemas.ts';
import { ENGINES, startApp } from '../testing/test-app.ts';
import type { TestApp } from '../testing/test-app.ts';
import type { TestClient } from '../testing/test-client.ts';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

/** Signs in on a client that already holds cookies, as the same browser would. */
async function signInOn(client: TestClient, email: string, password: string) {
  const response = await client.post('/auth/signin', { email, password });
  expect(response.status).toBe(200);
  return { response, session: authResponseSchema.parse(response.body).session };
}

const deviceCookieLine = (lines: readonly string[]) => lines.find((line) => line.startsWith('sc_device='));

describe.each(ENGINES)('known devices on %s', (engine) => {
  it('sets a long-lived HttpOnly device cookie at sign-up; the first device is not new', async () => {
    app = await startApp({ engine });
    const response = await app
      .client()
      .post('/auth/signup', { email: 'first@example.test', password: 'long enough pw' });
    expect(response.status).toBe(201);
    const line = deviceCookieLine(response.setCookies) ?? '';
    expect(line).toMatch(/^sc_device=scdv_[A-Za-z0-9_-]{43};/);
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Strict');
    expect(line).toContain('Path=/;');
    expect(line).toMatch(/Max-Age=34560000/);
    expect(line).not.toContain('Secure');
    const { session } = authResponseSchema.parse(response.body);
    expect(session.deviceId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(session.newDevice).toBe(false);
  });

  it('stores only the hash of the device secret', async () => {
    app = await startApp({ engine });
    const account = await app.signUp();
    const rows = await app.query<Record<string, unknown>>('SELECT * FROM devices');
    expect(rows).toHaveLength(1);
    const everything = JSON.stringify([rows, await app.query('SELECT * FROM sessions')]);
    expect(everything).not.toContain(account.deviceToken);
    expect(everything).not.toContain(account.deviceToken.slice(5));
    expect(rows[0]?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.id).toBe(account.deviceId);
  });

  it('recognises the browser again, also after a sign-out; another browser is new', async () => {
    app = await startApp({ engine });
    const { client, email, password, deviceId } = await app.signUp();
    const again = await signInOn(client, email, password);
    expect(again.session).toMatchObject({ deviceId, newDevice: false });
    const signOut = await client.post('/auth/signout');
    expect(signOut.status).toBe(200);
    // Signing out ends the session, not the device: the device cookie is neither deleted nor cleared.
    expect(deviceCookieLine(signOut.setCookies)).toBeUndefined();
    expect(signOut.headers.get('clear-site-data')).toBe('"storage"');
    expect(client.cookie('sc_device')).toBeDefined();
    const afterSignOut = await signInOn(client, email, password);
    expect(afterSignOut.session).toMatchObject({ deviceId, newDevice: false });
    const elsewhere = await app.signIn(email, password);
    expect(elsewhere.newDevice).toBe(true);
    expect(elsewhere.deviceId).not.toBe(deviceId);
    expect(elsewhere.deviceToken).not.toBe(client.cookie('sc_device'));
  });

  it('treats another account on the same browser as a new device for it, and keeps the first one known', async () => {
    app = await startApp({ engine });
    const alice = await app.signUp();
    const bob = await app.signUp();
    await alice.client.post('/auth/signout');
    const bobHere = await signInOn(alice.client, bob.email, bob.password);
    expect(bobHere.session.newDevice).toBe(true);
    expect(bobHere.session.deviceId).not.toBe(alice.deviceId);
    expect(bobHere.session.deviceId).not.toBe(bob.deviceId);
    await alice.client.post('/auth/signout');
    const aliceBack = await signInOn(alice.client, alice.email, alice.password);
    expect(aliceBack.session).toMatchObject({ deviceId: alice.deviceId, newDevice: false });
    await alice.client.post('/auth/signout');
    const bobBack = await signInOn(alice.client, bob.email, bob.password);
    expect(bobBack.session).toMatchObject({ deviceId: bobHere.session.deviceId, newDevice: false });
  });

  it('never adopts a planted device secret: the victim gets a fresh one, and the planter stays "new"', async () => {
    app = await startApp({ engine });
    const attacker = await app.signUp();
    const victim = await app.signUp();
    await attacker.client.post('/auth/signout');
    // The victim signs in on a browser holding the attacker's device cookie.
    const onPlanted = await signInOn(attacker.client, victim.email, victim.password);
    expect(onPlanted.session.newDevice).toBe(true);
    const kept = (attacker.client.cookie('sc_device') ?? '').split('.');
    expect(kept).toEqual([expect.stringMatching(/^scdv_/), attacker.deviceToken]);
    expect(kept[0]).not.toBe(attacker.deviceToken);
    // The attacker's own browser, with the password, is still a new device for the victim's account.
    const stolen = await app.signIn(victim.email, victim.password, {
      headers: { cookie: `sc_device=${attacker.deviceToken}` },
    });
    expect(stolen.newDevice).toBe(true);
  });

  it('ignores forged, unknown and oversized device tokens: a new device, and a fresh secret', async () => {
    app = await startApp({ engine });
    const { email, password } = await app.signUp();
    const forged = [
      `scdv_${'A'.repeat(43)}`,
      'not-a-token',
      `scdv_${'x'.repeat(5_000)}`,
      '<script>alert(1)</script>',
      "' OR 1=1 --",
    ];
    for (const value of forged) {
      const cookie = await app.signIn(email, password, {
        headers: { cookie: `sc_device=${encodeURIComponent(value)}` },
      });
      expect(cookie.newDevice).toBe(true);
      expect(cookie.deviceToken).toMatch(/^scdv_[A-Za-z0-9_-]{43}$/);
      expect(cookie.deviceToken).not.toBe(value);
      const header = await app.signIn(email, password, { mode: 'header', headers: { 'x-device-token': value } });
      expect(header.newDevice).toBe(true);
      expect(header.deviceToken).not.toBe(value);
    }
  });

  it('hands header-mode clients a deviceToken that X-Device-Token brings back', async () => {
    app = await startApp({ engine });
    const first = await app.signUp({ mode: 'header' });
    expect(first.tokens).toHaveProperty('deviceToken', first.deviceToken);
    expect(first.jar.entries()).toEqual([]);
    const known = await app.signIn(first.email, first.password, {
      mode: 'header',
      headers: { 'x-device-token': first.deviceToken },
    });
    expect(known).toMatchObject({ deviceId: first.deviceId, newDevice: false, deviceToken: first.deviceToken });
  });
});

describe('what a device secret is not', () => {
  it('never authenticates: neither as a cookie, nor as a Bearer token, nor as X-Device-Token', async () => {
    app = await startApp();
    const { deviceToken } = await app.signUp();
    const asCookie = await app.client().get('/api/me', { headers: { cookie: `sc_device=${deviceToken}` } });
    const asAccess = await app.client().get('/api/me', { headers: { cookie: `sc_access=${deviceToken}` } });
    const asBearer = await app.client().get('/api/me', { headers: { authorization: `Bearer ${deviceToken}` } });
    const asHeader = await app.client().get('/api/sessions', { headers: { 'x-device-token': deviceToken } });
    for (const response of [asCookie, asAccess, asBearer, asHeader]) {
      expect(response.status).toBe(401);
      expect(errorBodySchema.parse(response.body).error.code).toBe('UNAUTHORISED');
    }
    const refresh = await app.client().post('/auth/session/refresh', undefined, {
      headers: { cookie: `sc_refresh=${deviceToken}; sc_device=${deviceToken}` },
    });
    expect(refresh.status).toBe(401);
  });

  it('is set by sign-up and sign-in only, never by refresh', async () => {
    app = await startApp();
    const { client } = await app.signUp();
    const refresh = await client.post('/auth/session/refresh');
    expect(refresh.status).toBe(200);
    expect(deviceCookieLine(refresh.setCookies)).toBeUndefined();
  });

  it('is Secure, with the __Host- prefix, when the server’s cookies are', async () => {
    app = await startApp({ env: { COOKIE_SECURE: 'true' } });
    const response = await app
      .client()
      .post('/auth/signup', { email: 'secure@example.test', password: 'long enough pw' });
    const line = response.setCookies.find((item) => item.startsWith('__Host-sc_device=')) ?? '';
    expect(line).toContain('Secure');
    expect(line).toContain('Path=/;');
    expect(line).not.toContain('Domain=');
  });

  it('keeps one secret per account of a shared browser, at most five, the latest sign-in first', async () => {
    app = await startApp();
    const browser = app.client();
    const accounts = [];
    for (let index = 0; index < 6; index += 1) {
      const email = `shared-${index}@example.test`;
      expect((await browser.post('/auth/signup', { email, password: 'long enough pw' })).status).toBe(201);
      accounts.push(email);
      await browser.post('/auth/signout');
    }
    const kept = (browser.cookie('sc_device') ?? '').split('.');
    expect(kept).toHaveLength(5);
    expect(new Set(kept).size).toBe(5);
    // The fifth account back is still known; the first, pushed out by the sixth, is new again.
    expect((await signInOn(browser, accounts[1] ?? '', 'long enough pw')).session.newDevice).toBe(false);
    await browser.post('/auth/signout');
    expect((await signInOn(browser, accounts[0] ?? '', 'long enough pw')).session.newDevice).toBe(true);
  });

  it('lists every session of one device with the same deviceId', async () => {
    app = await startApp();
    const { client, email, password, deviceId } = await app.signUp();
    await signInOn(client, email, password);
    const other = await app.signIn(email, password);
    const list = sessionListResponseSchema.parse((await other.client.get('/api/sessions')).body).sessions;
    expect(list.filter((session) => session.deviceId === deviceId)).toHaveLength(2);
    expect(list.find((session) => session.current)).toMatchObject({ deviceId: other.deviceId, newDevice: true });
  });
});
