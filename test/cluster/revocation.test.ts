/**
 * Issue 5: revocation holds across instances sharing one PostgreSQL. In strict mode, once a revoke
 * call has returned on one instance, the revoked access token is refused by every other instance.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../server/testing/postgres-schema.ts';
import type { TestSchema } from '../../server/testing/postgres-schema.ts';
import { signIn, signUp } from '../../server/testing/sign-up.ts';
import { errorCode, me, over, refresh, revokeSession, send, tokensOf } from './http-client.ts';
import type { Account } from '../../server/testing/sign-up.ts';
import { logsContainAny, startInstances } from './instances.ts';
import type { Instance } from './instances.ts';

const PASSWORD = 'correct horse battery staple';
const ROUNDS = 120;

describe('strict revocation across two instances on PostgreSQL', () => {
  let schema: TestSchema;
  let instances: Instance[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('cluster');
    instances = await startInstances(2, { ...schema.env, REVOCATION_MODE: 'strict' });
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await schema?.drop();
  });

  it(`refuses the revoked access token on the other instance, in ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    const [a, b] = instances as [Instance, Instance];
    const email = `revocation-${randomUUID()}@example.test`;
    const manager = await signUp(a.url, { ...over(), email, password: PASSWORD });
    const secrets: string[] = [manager.tokens.accessToken, manager.tokens.refreshToken];
    let acceptedAfterRevocation = 0;
    const wrongAnswers: string[] = [];

    for (let round = 0; round < ROUNDS; round += 1) {
      const [revoker, checker] = round % 2 === 0 ? [a, b] : [b, a];
      const victim: Account = await signIn(revoker.url, email, PASSWORD, over());
      secrets.push(victim.tokens.accessToken, victim.tokens.refreshToken);
      // The token works on the checker first (which also warms any cache the checker keeps).
      for (let i = 0; i < 3; i += 1) expect((await me(checker.url, victim.tokens.accessToken)).status).toBe(200);

      // Three ways to revoke: sign out of this device, end it from another device, end all others.
      const way = round % 3;
      if (way === 0) {
        expect((await revokeSession(revoker.url, victim.tokens.accessToken, victim.sessionId)).status).toBe(204);
      } else if (way === 1) {
        expect((await revokeSession(revoker.url, manager.tokens.accessToken, victim.sessionId)).status).toBe(204);
      } else {
        const others = await send(revoker.url, 'DELETE', '/api/sessions?scope=others', {
          bearer: manager.tokens.accessToken,
        });
        expect(others.status).toBe(200);
        expect(others.body).toEqual({ revoked: 1 });
      }

      // The revocation call has returned: the other instance must refuse the token right away.
      const after = await me(checker.url, victim.tokens.accessToken);
      if (after.status !== 401) acceptedAfterRevocation += 1;
      else if (errorCode(after) !== 'UNAUTHORISED') wrongAnswers.push(`round ${round}: ${JSON.stringify(after.body)}`);
      const refreshed = await refresh(checker.url, victim.tokens.refreshToken);
      if (refreshed.status !== 401) acceptedAfterRevocation += 1;
    }

    expect(acceptedAfterRevocation).toBe(0);
    expect(wrongAnswers).toEqual([]);
    // The manager session was never revoked and still works on both.
    expect((await me(a.url, manager.tokens.accessToken)).status).toBe(200);
    expect((await me(b.url, manager.tokens.accessToken)).status).toBe(200);
    expect(logsContainAny(instances, secrets)).toBeNull();
  });

  it('refuses the token on the other instance also when revoked while requests are in flight there', async () => {
    const [a, b] = instances as [Instance, Instance];
    const email = `inflight-${randomUUID()}@example.test`;
    await signUp(a.url, { ...over(), email, password: PASSWORD });
    for (let round = 0; round < 10; round += 1) {
      const victim = await signIn(a.url, email, PASSWORD, over());
      // Keep instance B busy with the token while A revokes it.
      const hammer = Array.from({ length: 20 }, () => me(b.url, victim.tokens.accessToken));
      expect((await revokeSession(a.url, victim.tokens.accessToken, victim.sessionId)).status).toBe(204);
      await Promise.all(hammer);
      const after = await Promise.all(Array.from({ length: 10 }, () => me(b.url, victim.tokens.accessToken)));
      expect(after.map((response) => response.status)).toEqual(Array.from({ length: 10 }, () => 401));
    }
  });
});

describe('stateless revocation across two instances on PostgreSQL', () => {
  let schema: TestSchema;
  let instances: Instance[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('cluster');
    instances = await startInstances(2, { ...schema.env, REVOCATION_MODE: 'stateless', ACCESS_TOKEN_TTL_SECONDS: '2' });
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await schema?.drop();
  });

  it('fails the refresh at once on the other instance; the access token lives until it expires', async () => {
    const [a, b] = instances as [Instance, Instance];
    const signedIn = await signUp(a.url, {
      ...over(),
      email: `stateless-${randomUUID()}@example.test`,
      password: PASSWORD,
    });
    // Refresh once on B so the tokens are as fresh as possible, then revoke on A.
    const tokens = tokensOf(await refresh(b.url, signedIn.tokens.refreshToken));
    expect((await revokeSession(a.url, tokens.accessToken, signedIn.sessionId)).status).toBe(204);

    const refreshed = await refresh(b.url, tokens.refreshToken);
    expect(refreshed.status).toBe(401);
    expect(errorCode(refreshed)).toBe('UNAUTHORISED');
    // What stateless mode promises: the already-issued access token works until it expires...
    expect((await me(b.url, tokens.accessToken)).status).toBe(200);
    // ...and then gets TRY_REFRESH_TOKEN (whose refresh then fails, as above).
    const expiresAt = Date.parse(tokens.accessTokenExpiresAt);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1_100));
    const expired = await me(b.url, tokens.accessToken);
    expect(expired.status).toBe(401);
    expect(errorCode(expired)).toBe('TRY_REFRESH_TOKEN');
  });
});
