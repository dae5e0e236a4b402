import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionHooks, SessionRef } from '../session/hooks.ts';
import { createSessionControl } from './session-control.ts';
import type { SessionControl } from './session-control.ts';

const controls: SessionControl[] = [];
const servers: { close(): void }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
  for (const control of controls.splice(0)) await control.close();
});

/** A host site with its own users on a free port, our routes under /sc. */
async function hostSite(options: { hooks?: SessionHooks } = {}) {
  const sc = await createSessionControl({
    env: { DATABASE_URL: 'sqlite::memory:', PASSWORD_HASH_COST: 'test', DASHBOARD_DIR: '' },
    basePath: '/sc',
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  controls.push(sc);
  const host = express();
  host.post('/login/:user', async (req, res) => {
    await sc.createNewSession(req, res, String(req.params.user), { tenantId: 'acme' });
    res.json({ ok: true });
  });
  host.get('/private', sc.verifySession(), (req, res) => {
    res.json({ user: req.session?.getUserId(), claims: req.session?.getAccessTokenPayload() });
  });
  host.use('/sc', sc.router());
  host.use(sc.errorHandler());
  const url = await new Promise<string>((resolve) => {
    const server = host.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
    servers.push(server);
  });
  return { sc, url };
}

/** Cookies as a browser keeps them: name → value, and each cookie's Path. */
function cookiesOf(response: Response): Map<string, { value: string; path: string }> {
  const jar = new Map<string, { value: string; path: string }>();
  for (const line of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split('; ');
    const [name = '', value = ''] = pair.split('=');
    const path = attributes.find((item) => item.startsWith('Path='))?.slice(5) ?? '/';
    jar.set(name, { value, path });
  }
  return jar;
}

describe('a host application with its own users', () => {
  it('signs in a user id we never stored, and the refresh cookie goes to the prefixed refresh route', async () => {
    const { url } = await hostSite();
    const login = await fetch(`${url}/login/alice`, { method: 'POST' });
    const jar = cookiesOf(login);
    expect(jar.get('sc_access')?.path).toBe('/');
    expect(jar.get('sc_refresh')?.path).toBe('/sc/auth/session/refresh');
    const access = `sc_access=${jar.get('sc_access')?.value}`;

    const page = await fetch(`${url}/private`, { headers: { cookie: access } });
    expect(await page.json()).toEqual({ user: 'alice', claims: {} });
    const list = await fetch(`${url}/sc/api/sessions`, { headers: { cookie: access } });
    const { sessions } = (await list.json()) as { sessions: { tenantId: string; current: boolean }[] };
    expect(sessions.map((session) => [session.tenantId, session.current])).toEqual([['acme', true]]);

    const refreshed = await fetch(`${url}/sc/auth/session/refresh`, {
      method: 'POST',
      headers: { cookie: `sc_refresh=${jar.get('sc_refresh')?.value}`, origin: 'http://localhost:3000' },
    });
    expect(refreshed.status).toBe(200);
    expect(cookiesOf(refreshed).get('sc_refresh')?.path).toBe('/sc/auth/session/refresh');
  });

  it('serves none of our own account routes unless asked, answering in the contract shape', async () => {
    const { url } = await hostSite();
    const signIn = await fetch(`${url}/sc/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-mode': 'header' },
      body: JSON.stringify({ email: 'a@example.test', password: 'long enough' }),
    });
    expect(signIn.status).toBe(404);
    expect(((await signIn.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const refused = await fetch(`${url}/private`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORISED');
  });

  it("tells the host's hooks of each session created and ended, with the reason, and adds its claims", async () => {
    const created: SessionRef[] = [];
    const ended: (SessionRef & { reason: string })[] = [];
    const { sc, url } = await hostSite({
      hooks: {
        onSessionCreated: (session) => void created.push(session),
        onSessionEnded: (session) => void ended.push(session),
        accessTokenClaims: ({ userId }) => ({ plan: 'pro', sub: 'mallory', name: userId }),
      },
    });
    const login = await fetch(`${url}/login/bob`, { method: 'POST' });
    const access = `sc_access=${cookiesOf(login).get('sc_access')?.value}`;
    const page = await fetch(`${url}/private`, { headers: { cookie: access } });
    // The host's claims travel under `ext`: its `sub` does not replace ours.
    expect(await page.json()).toEqual({ user: 'bob', claims: { plan: 'pro', sub: 'mallory', name: 'bob' } });
    const [session] = await sc.getAllSessionHandlesForUser('bob');
    expect(created).toEqual([{ sessionId: session, userId: 'bob', tenantId: 'acme' }]);

    const signOut = await fetch(`${url}/sc/auth/signout`, {
      method: 'POST',
      headers: { cookie: access, origin: 'http://localhost:3000' },
    });
    expect(signOut.status).toBe(200);
    expect(ended).toEqual([{ sessionId: session, userId: 'bob', tenantId: 'acme', reason: 'signed_out' }]);
  });

  it("re-authenticates with the host's verifyPassword hook; without the hook there is no such route", async () => {
    const asked: string[] = [];
    const { url } = await hostSite({
      hooks: {
        verifyPassword: ({ userId }, password) => {
          asked.push(userId);
          return password === 'host secret';
        },
      },
    });
    const login = await fetch(`${url}/login/carol`, { method: 'POST' });
    const access = `sc_access=${cookiesOf(login).get('sc_access')?.value}`;
    const confirm = (password: string) =>
      fetch(`${url}/sc/auth/reauthenticate`, {
        method: 'POST',
        headers: { cookie: access, origin: 'http://localhost:3000', 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      });
    const wrong = await confirm('guess');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('INVALID_CREDENTIALS');
    const right = await confirm('host secret');
    expect(right.status).toBe(200);
    expect(cookiesOf(right).get('sc_refresh')?.path).toBe('/sc/auth/session/refresh');
    expect(asked).toEqual(['carol', 'carol']);

    const plain = await hostSite();
    const other = await fetch(`${plain.url}/login/dave`, { method: 'POST' });
    const response = await fetch(`${plain.url}/sc/auth/reauthenticate`, {
      method: 'POST',
      headers: {
        cookie: `sc_access=${cookiesOf(other).get('sc_access')?.value}`,
        origin: 'http://localhost:3000',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ password: 'host secret' }),
    });
    expect(response.status).toBe(404);
  });

  it('answers with an error naming the mismatch when the router is mounted away from basePath', async () => {
    const sc = await createSessionControl({
      env: { DATABASE_URL: 'sqlite::memory:', PASSWORD_HASH_COST: 'test', DASHBOARD_DIR: '' },
      basePath: '/sc',
    });
    controls.push(sc);
    const host = express();
    host.use('/elsewhere', sc.router());
    const url = await new Promise<string>((resolve) => {
      const server = host.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      );
      servers.push(server);
    });
    const response = await fetch(`${url}/elsewhere/api/me`);
    expect(response.status).toBe(500);
  });
});
