import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessionControl } from './index.ts';
import type { SessionControl } from './index.ts';

let control: SessionControl | null = null;
const servers: { close(): void }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
  await control?.close();
  control = null;
});

async function listen(app: express.Express): Promise<string> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
    servers.push(server);
  });
}

describe('Session Control as a library', () => {
  it("protects a host application's route with verifySession, and revokeSession ends access at once", async () => {
    control = await createSessionControl({
      env: { DATABASE_URL: 'sqlite::memory:', PASSWORD_HASH_COST: 'test', DASHBOARD_DIR: '' },
    });
    await control.store.insertUser(
      { id: 'user-1', email: 'host@example.test', passwordHash: 'x', createdAt: Date.now(), disabledAt: null },
      'public',
    );
    const host = express();
    const sc = control;
    host.post('/login', async (req, res) => {
      const result = await sc.createNewSession(req, res, 'user-1');
      res.json(result);
    });
    host.get('/private', sc.verifySession(), (req, res) => {
      res.json({
        user: req.session?.getUserId(),
        session: req.session?.getHandle(),
        tenant: req.session?.getTenantId(),
      });
    });
    host.post('/logout', sc.verifySession(), async (req, res) => {
      await req.session?.revokeSession();
      res.json({ ok: true });
    });
    host.use(
      (
        error: { status?: number; code?: string },
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(error.status ?? 500).json({ code: error.code });
      },
    );
    const url = await listen(host);

    const login = await fetch(`${url}/login`, { method: 'POST', headers: { 'x-auth-mode': 'header' } });
    const { session, tokens } = (await login.json()) as { session: { id: string }; tokens: { accessToken: string } };
    const authorization = { authorization: `Bearer ${tokens.accessToken}` };
    const ok = await fetch(`${url}/private`, { headers: authorization });
    expect(await ok.json()).toEqual({ user: 'user-1', session: session.id, tenant: 'public' });
    expect(await control.getAllSessionHandlesForUser('user-1')).toEqual([session.id]);

    expect(await control.revokeSession(session.id)).toBe(true);
    const refused = await fetch(`${url}/private`, { headers: authorization });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ code: 'UNAUTHORISED' });
  });

  it('lists sessions of every tenant with ?tenant=all, each labelled with its tenant', async () => {
    control = await createSessionControl({
      env: {
        DATABASE_URL: 'sqlite::memory:',
        PASSWORD_HASH_COST: 'test',
        DASHBOARD_DIR: '',
        PUBLIC_ORIGIN: 'http://app.test',
      },
    });
    await control.store.insertTenant({ id: 'acme', createdAt: Date.now() });
    const url = await listen(control.app);
    const json = { 'content-type': 'application/json', 'x-auth-mode': 'header' };
    const signUp = await fetch(`${url}/auth/signup`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 't@example.test', password: 'long enough' }),
    });
    const { user, tokens } = (await signUp.json()) as { user: { id: string }; tokens: { accessToken: string } };
    await control.store.addUserToTenant(user.id, 'acme');
    await fetch(`${url}/auth/signin`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 't@example.test', password: 'long enough', tenantId: 'acme' }),
    });

    const headers = { authorization: `Bearer ${tokens.accessToken}` };
    const mine = (await (await fetch(`${url}/api/sessions`, { headers })).json()) as {
      sessions: { tenantId: string }[];
    };
    expect(mine.sessions.map((session) => session.tenantId)).toEqual(['public']);
    const all = (await (await fetch(`${url}/api/sessions?tenant=all`, { headers })).json()) as {
      sessions: { tenantId: string; current: boolean }[];
    };
    expect(all.sessions.map((session) => [session.tenantId, session.current])).toEqual([
      ['public', true],
      ['acme', false],
    ]);
  });
});
