/**
 * Issue 5: faults. An instance killed with SIGKILL in the middle of refreshes and revocations
 * loses nothing that was promised; a stopped PostgreSQL gives 503 in the contract's shape within
 * seconds, and service resumes by itself when it is back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../server/testing/postgres-schema.ts';
import type { TestSchema } from '../../server/testing/postgres-schema.ts';
import { signIn, signUp } from '../../server/testing/sign-up.ts';
import { startPrivatePostgres } from './database.ts';
import type { PrivatePostgres } from './database.ts';
import { errorCode, listSessions, me, over, refresh, revokeSession, send, tokensOf } from './http-client.ts';
import type { HttpResponse } from './http-client.ts';
import type { Account, Tokens } from '../../server/testing/sign-up.ts';
import { createInstance, startInstances } from './instances.ts';
import type { Instance } from './instances.ts';

const PASSWORD = 'correct horse battery staple';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A connection-level failure (the instance is down or died mid-request), not an HTTP answer. */
function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(String(code)) ||
    /socket hang up|timed out/.test(String(error))
  );
}

/**
 * Sends to `first`; when the connection fails, or the instance answers 503 because it is still
 * starting after a restart, sends the same request to `second` at once (what a load balancer or a
 * retrying client does). Re-sending a refresh token whose rotation may have committed on the dead
 * instance is inside the grace window, so it must still succeed.
 */
async function withFailover(
  first: Instance,
  second: Instance,
  call: (baseUrl: string) => Promise<HttpResponse>,
  onFailover: () => void = () => {},
): Promise<HttpResponse> {
  try {
    const response = await call(first.url);
    if (response.status !== 503) return response;
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
  }
  onFailover();
  return call(second.url);
}

interface Client {
  signedIn: Account;
  tokens: Tokens;
  doomed: boolean;
  revokedAt: number | null;
}

describe('an instance killed with SIGKILL under load', () => {
  let schema: TestSchema;
  let instances: Instance[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('cluster');
    instances = await startInstances(2, schema.env);
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await schema?.drop();
  });

  it('keeps every promise: revoked stays revoked, live stays live, no forked lineage', async () => {
    const [a, b] = instances as [Instance, Instance];
    const email = `faults-${randomUUID()}@example.test`;
    const manager = await signUp(b.url, { ...over(), email, password: PASSWORD });
    const clients: Client[] = [];
    for (let index = 0; index < 12; index += 1) {
      const signedIn = await signIn(index % 2 === 0 ? a.url : b.url, email, PASSWORD, over());
      clients.push({ signedIn, tokens: signedIn.tokens, doomed: index % 3 === 0, revokedAt: null });
    }

    const violations: string[] = [];
    let failovers = 0;
    const failedOver = () => {
      failovers += 1;
    };
    const loadStartedAt = Date.now();
    const loadEndsAt = loadStartedAt + 4_000;
    const runClient = async (client: Client, index: number) => {
      // Revocations spread over the load, so that some land while an instance is down or restarting.
      const revokeAt = loadStartedAt + 1_100 + index * 200;
      // A doomed client keeps going until its revocation has happened, however slow the machine.
      for (let step = 0; Date.now() < loadEndsAt || (client.doomed && client.revokedAt === null); step += 1) {
        const [first, second] = (index + step) % 2 === 0 ? [a, b] : [b, a];
        if (client.doomed && client.revokedAt === null && Date.now() >= revokeAt) {
          const revoked = await withFailover(
            second,
            first,
            (url) => revokeSession(url, manager.tokens.accessToken, client.signedIn.sessionId),
            failedOver,
          );
          // 404 is a retry after the dead instance had already revoked it.
          if (revoked.status !== 204 && revoked.status !== 404) violations.push(`revoke answered ${revoked.status}`);
          client.revokedAt = Date.now();
        }
        const refreshed = await withFailover(
          first,
          second,
          (url) => refresh(url, client.tokens.refreshToken),
          failedOver,
        );
        if (client.revokedAt !== null) {
          if (refreshed.status !== 401) violations.push(`revoked session ${index} refreshed: ${refreshed.status}`);
        } else if (refreshed.status === 200) {
          client.tokens = tokensOf(refreshed);
        } else {
          violations.push(
            `live session ${index} refresh answered ${refreshed.status} ${JSON.stringify(refreshed.body)}`,
          );
        }
        const checked = await withFailover(second, first, (url) => me(url, client.tokens.accessToken), failedOver);
        const expected = client.revokedAt === null ? 200 : 401;
        if (checked.status !== expected)
          violations.push(`session ${index} /api/me answered ${checked.status}, expected ${expected}`);
      }
    };

    const chaos = (async () => {
      await sleep(1_200);
      await a.kill();
      await sleep(600);
      await a.start();
      await sleep(700);
      await b.kill();
      await sleep(400);
      await b.start();
    })();
    await Promise.all([...clients.map(runClient), chaos]);
    const serverTrouble = [a, b].flatMap((instance) =>
      instance.logs.filter((line) => /"level":"(error|warn)"|\[harness\]/.test(line) && !line.includes('http.denied')),
    );
    expect(violations, serverTrouble.slice(-10).join('\n')).toEqual([]);
    // The kills really interrupted the load (otherwise this test proved nothing).
    expect(failovers).toBeGreaterThan(0);
    expect(a.isRunning() && b.isRunning()).toBe(true);

    const live = clients.filter((client) => client.revokedAt === null);
    const revoked = clients.filter((client) => client.revokedAt !== null);
    expect(revoked.length).toBe(4);
    for (const instance of [a, b]) {
      for (const client of revoked) {
        expect((await me(instance.url, client.tokens.accessToken)).status).toBe(401);
        expect((await refresh(instance.url, client.tokens.refreshToken)).status).toBe(401);
      }
      for (const client of live) expect((await me(instance.url, client.tokens.accessToken)).status).toBe(200);
    }
    // No live session lost and none added: the user's sessions are exactly the manager and the live clients.
    const listed = await listSessions(a.url, manager.tokens.accessToken);
    expect(listed.status).toBe(200);
    const ids = (listed.body as { sessions: { id: string }[] }).sessions.map((session) => session.id).sort();
    expect(ids).toEqual([manager.sessionId, ...live.map((client) => client.signedIn.sessionId)].sort());
    // Each live lineage continues from its latest token only: two more rotations, then the token
    // that was latest during the load is theft.
    for (const client of live) {
      const next = tokensOf(await refresh(a.url, client.tokens.refreshToken));
      tokensOf(await refresh(b.url, next.refreshToken));
      const replay = await refresh(a.url, client.tokens.refreshToken);
      expect(errorCode(replay)).toBe('TOKEN_THEFT_DETECTED');
    }
  });
});

describe('PostgreSQL stopped while an instance serves', () => {
  // A private PostgreSQL server, so that stopping it disturbs no other test on 127.0.0.1:5432.
  let database: PrivatePostgres | undefined;
  let instance: Instance | undefined;

  beforeAll(async () => {
    database = await startPrivatePostgres();
    instance = await createInstance({ name: 'instance-outage', env: { DATABASE_URL: database.url } });
    await instance.start();
  });

  afterAll(async () => {
    await instance?.stop();
    // Always leaves no PostgreSQL of ours running, whatever the test did.
    await database?.destroy();
  });

  it('answers 503 SERVICE_UNAVAILABLE within seconds while it is down, and recovers by itself', async () => {
    const server = instance!;
    const email = `outage-${randomUUID()}@example.test`;
    const signedIn = await signUp(server.url, { ...over(), email, password: PASSWORD });
    expect((await me(server.url, signedIn.tokens.accessToken)).status).toBe(200);

    await database!.stop();
    const attempts: [string, () => Promise<HttpResponse>][] = [
      ['GET /api/me', () => me(server.url, signedIn.tokens.accessToken)],
      ['GET /api/sessions', () => listSessions(server.url, signedIn.tokens.accessToken)],
      ['POST /auth/session/refresh', () => refresh(server.url, signedIn.tokens.refreshToken)],
      [
        'POST /auth/signin',
        () =>
          send(server.url, 'POST', '/auth/signin', {
            json: { email, password: PASSWORD },
            headers: { 'x-auth-mode': 'header' },
          }),
      ],
      ['GET /healthz', () => send(server.url, 'GET', '/healthz')],
    ];
    for (const [name, attempt] of attempts) {
      const startedAt = Date.now();
      const response = await attempt();
      const elapsed = Date.now() - startedAt;
      expect({ name, status: response.status, body: response.body }).toEqual({
        name,
        status: 503,
        body: { error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } },
      });
      expect(elapsed, `${name} took ${elapsed} ms`).toBeLessThan(6_000);
    }
    expect(server.isRunning()).toBe(true);

    await database!.start();
    const deadline = Date.now() + 20_000;
    let recovered: HttpResponse | undefined;
    while (Date.now() < deadline) {
      recovered = await me(server.url, signedIn.tokens.accessToken).catch(() => undefined);
      if (recovered?.status === 200) break;
      await sleep(250);
    }
    expect(recovered?.status).toBe(200);
    // The refresh token was never exchanged during the outage, so it still works.
    const tokens = tokensOf(await refresh(server.url, signedIn.tokens.refreshToken));
    expect((await me(server.url, tokens.accessToken)).status).toBe(200);
    expect((await signIn(server.url, email, PASSWORD, over())).sessionId).not.toBe(signedIn.sessionId);
  });
});
