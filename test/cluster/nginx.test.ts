/**
 * Issue 5: a real load balancer in front. nginx round-robins over two instances; every request
 * lands correctly whichever instance serves it, and the client address comes from
 * X-Forwarded-For only because the instances trust the proxy (TRUST_PROXY=loopback).
 *
 * The test client connects from 127.0.0.2 and 127.0.0.3 (Linux routes all of 127/8 to loopback);
 * nginx always reaches the instances from 127.0.0.1, so a recorded 127.0.0.2 can only have come
 * through X-Forwarded-For.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../server/testing/postgres-schema.ts';
import type { TestSchema } from '../../server/testing/postgres-schema.ts';
import { signIn, signUp } from '../../server/testing/sign-up.ts';
import { errorCode, listSessions, me, over, refresh, revokeSession, send, tokensOf } from './http-client.ts';
import type { HttpResponse } from './http-client.ts';
import { createInstance, startInstances } from './instances.ts';
import type { Instance } from './instances.ts';
import { startNginx } from './nginx.ts';
import type { Nginx } from './nginx.ts';

const PASSWORD = 'correct horse battery staple';
const LAPTOP = '127.0.0.2';
const PHONE = '127.0.0.3';
// A hostile laptop: every request claims another address. nginx must not pass that on.
const FROM_LAPTOP = { localAddress: LAPTOP, headers: { 'x-forwarded-for': '203.0.113.66' } };
const FROM_PHONE = { localAddress: PHONE };

interface ListedSession {
  id: string;
  current: boolean;
  ip: string | null;
}

function sessionsOf(response: HttpResponse): ListedSession[] {
  expect(response.status).toBe(200);
  return (response.body as { sessions: ListedSession[] }).sessions;
}

describe('two instances behind nginx', () => {
  let schema: TestSchema;
  let instances: Instance[] = [];
  let nginx: Nginx | undefined;

  beforeAll(async () => {
    schema = await createTestSchema('cluster');
    instances = await startInstances(2, { ...schema.env, TRUST_PROXY: 'loopback' });
    nginx = await startNginx(instances.map((instance) => instance.port));
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await schema?.drop();
  });

  it('signs in, lists, revokes and refreshes through the proxy, whichever instance answers', async () => {
    const proxy = nginx!.url;
    const upstreams = new Set<string>();
    const note = (response: HttpResponse) => {
      upstreams.add(String(response.headers['x-upstream']));
      return response;
    };
    const email = `nginx-${randomUUID()}@example.test`;
    const laptop = await signUp(proxy, { ...over(FROM_LAPTOP), email, password: PASSWORD });
    const phone = await signIn(proxy, email, PASSWORD, over(FROM_PHONE));
    expect(laptop.ip).toBe(LAPTOP);
    expect(phone.ip).toBe(PHONE);

    for (let i = 0; i < 6; i += 1) {
      const listed = sessionsOf(note(await listSessions(proxy, laptop.tokens.accessToken, FROM_LAPTOP)));
      expect(listed.map((session) => session.id).sort()).toEqual([laptop.sessionId, phone.sessionId].sort());
      expect(listed[0]).toMatchObject({ id: laptop.sessionId, current: true });
      const byId = new Map(listed.map((session) => [session.id, session]));
      expect(byId.get(laptop.sessionId)?.ip).toBe(LAPTOP);
      expect(byId.get(phone.sessionId)?.ip).toBe(PHONE);
    }
    // Round robin really spread the requests over both instances.
    expect(upstreams).toEqual(new Set(instances.map((instance) => `127.0.0.1:${instance.port}`)));

    // Revoke the phone from the laptop; whichever instance serves the phone next refuses it.
    expect(note(await revokeSession(proxy, laptop.tokens.accessToken, phone.sessionId, FROM_LAPTOP)).status).toBe(204);
    for (let i = 0; i < 6; i += 1) {
      const refused = note(await me(proxy, phone.tokens.accessToken, FROM_PHONE));
      expect(refused.status).toBe(401);
      expect(errorCode(refused)).toBe('UNAUTHORISED');
    }
    expect((await refresh(proxy, phone.tokens.refreshToken, FROM_PHONE)).status).toBe(401);

    // The laptop refreshes through the proxy, each time possibly on the other instance.
    let tokens = laptop.tokens;
    for (let i = 0; i < 6; i += 1) {
      tokens = tokensOf(note(await refresh(proxy, tokens.refreshToken, FROM_LAPTOP)));
      expect(note(await me(proxy, tokens.accessToken, FROM_LAPTOP)).status).toBe(200);
    }
    const listed = sessionsOf(await listSessions(proxy, tokens.accessToken, FROM_LAPTOP));
    expect(listed.map((session) => session.id)).toEqual([laptop.sessionId]);
    expect(listed[0]?.ip).toBe(LAPTOP);
    // nginx logged requests from the client addresses it saw.
    expect(nginx!.accessLog()).toContain(`${LAPTOP} - -`);
  });

  it('keeps serving through the proxy while one instance is down, and uses it again once it is back', async () => {
    const proxy = nginx!.url;
    const [a, b] = instances as [Instance, Instance];
    const signedIn = await signUp(proxy, {
      ...over(FROM_LAPTOP),
      email: `failover-${randomUUID()}@example.test`,
      password: PASSWORD,
    });
    await a.kill();
    try {
      let tokens = signedIn.tokens;
      for (let i = 0; i < 6; i += 1) {
        const refreshed = await refresh(proxy, tokens.refreshToken, FROM_LAPTOP);
        expect(refreshed.headers['x-upstream']).toContain(`127.0.0.1:${b.port}`);
        tokens = tokensOf(refreshed);
        expect((await me(proxy, tokens.accessToken, FROM_LAPTOP)).status).toBe(200);
      }
    } finally {
      await a.start();
    }
    // Once nginx's fail_timeout has passed, the restarted instance gets its share again.
    const deadline = Date.now() + 15_000;
    let servedByRestarted = false;
    while (!servedByRestarted && Date.now() < deadline) {
      const response = await send(proxy, 'GET', '/healthz');
      expect(response.status).toBe(200);
      servedByRestarted = String(response.headers['x-upstream']) === `127.0.0.1:${a.port}`;
      if (!servedByRestarted) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(servedByRestarted).toBe(true);
  });

  it('answers unknown routes and errors in the contract shape through the proxy', async () => {
    const response = await send(nginx!.url, 'GET', '/api/no-such-route');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('ignores X-Forwarded-For on an instance that trusts no proxy', async () => {
    const untrusting = await createInstance({ name: 'instance-untrusting', env: schema.env });
    await untrusting.start();
    try {
      const email = `untrusting-${randomUUID()}@example.test`;
      const signedUp = await signUp(untrusting.url, {
        ...over({ localAddress: LAPTOP, headers: { 'x-forwarded-for': '203.0.113.66' } }),
        email,
        password: PASSWORD,
      });
      const listed = sessionsOf(await listSessions(untrusting.url, signedUp.tokens.accessToken));
      expect(listed[0]?.ip).toBe(LAPTOP);
    } finally {
      await untrusting.stop();
    }
  });
});
