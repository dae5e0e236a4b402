/**
 * Issue 5: refresh-token rotation under contention across instances. Many simultaneous refreshes
 * of one token, spread over two instances, must leave one session with one lineage, and no 500.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../server/testing/postgres-schema.ts';
import type { TestSchema } from '../../server/testing/postgres-schema.ts';
import { signUp } from '../../server/testing/sign-up.ts';
import { errorCode, listSessions, me, over, refresh, tokensOf } from './http-client.ts';
import type { Tokens } from '../../server/testing/sign-up.ts';
import { startInstances } from './instances.ts';
import type { Instance } from './instances.ts';

const PASSWORD = 'correct horse battery staple';
const CONCURRENT = 50;

describe('50 concurrent refreshes of one token over two instances', () => {
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

  for (let round = 1; round <= 4; round += 1) {
    it(`leave exactly one live session lineage and never answer 500 (round ${round})`, async () => {
      const [a, b] = instances as [Instance, Instance];
      const signedIn = await signUp(a.url, {
        ...over(),
        email: `contention-${randomUUID()}@example.test`,
        password: PASSWORD,
      });

      const responses = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, index) =>
          refresh((index % 2 === 0 ? a : b).url, signedIn.tokens.refreshToken),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      // Every one of them was a legitimate refresh inside the grace window: all succeed.
      expect(statuses).toEqual(Array.from({ length: CONCURRENT }, () => 200));
      const sessionIds = new Set(
        responses.map((response) => (response.body as { session: { id: string } }).session.id),
      );
      expect([...sessionIds]).toEqual([signedIn.sessionId]);
      const handedOut: Tokens[] = responses.map(tokensOf);
      expect(new Set(handedOut.map((tokens) => tokens.refreshToken)).size).toBe(CONCURRENT);

      // One session, seen the same from both instances.
      for (const instance of [a, b]) {
        const listed = await listSessions(instance.url, handedOut[0]!.accessToken);
        expect(listed.status).toBe(200);
        expect((listed.body as { sessions: { id: string }[] }).sessions.map((session) => session.id)).toEqual([
          signedIn.sessionId,
        ]);
      }

      // One lineage: continue it twice from one of the tokens; every other token handed out in the
      // burst is now two generations back, and presenting one is theft that ends the session.
      const next = tokensOf(await refresh(b.url, handedOut[0]!.refreshToken));
      const afterNext = tokensOf(await refresh(a.url, next.refreshToken));
      const replay = await refresh(b.url, handedOut[CONCURRENT - 1]!.refreshToken);
      expect(replay.status).toBe(401);
      expect(errorCode(replay)).toBe('TOKEN_THEFT_DETECTED');
      expect((await me(a.url, afterNext.accessToken)).status).toBe(401);
      expect((await refresh(b.url, afterNext.refreshToken)).status).toBe(401);
    });
  }
});
