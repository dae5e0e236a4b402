/**
 * Issue 11, item 3: the live event stream across instances on one PostgreSQL schema. The stream
 * is on instance B, the revocation on instance A; `session-ended` must reach B's stream within 1 s
 * of the revoke call returning (LISTEN/NOTIFY), and B then refuses the stream's reconnect.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvents } from '../../server/testing/event-stream-client.ts';
import { createTestSchema } from '../../server/testing/postgres-schema.ts';
import type { TestSchema } from '../../server/testing/postgres-schema.ts';
import { signIn, signUp } from '../../server/testing/sign-up.ts';
import { over, revokeSession } from './http-client.ts';
import { startInstances } from './instances.ts';
import type { Instance } from './instances.ts';

const PASSWORD = 'correct horse battery staple';
const ROUNDS = 10;

describe('live events across two instances on PostgreSQL', () => {
  let schema: TestSchema;
  let instances: Instance[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('cluster_events');
    instances = await startInstances(2, { ...schema.env, REVOCATION_MODE: 'strict' });
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await schema?.drop();
  });

  it(`delivers session-ended on instance B within 1 s of a revoke on instance A (${ROUNDS} rounds)`, async () => {
    const [a, b] = instances as [Instance, Instance];
    const email = `events-${randomUUID()}@example.test`;
    const manager = await signUp(a.url, { ...over(), email, password: PASSWORD, mode: 'header' });
    const watcher = await openEvents(b.url, { bearer: manager.tokens.accessToken });
    expect(watcher.status).toBe(200);
    const slowest: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const victim = await signIn(a.url, email, PASSWORD, { ...over(), mode: 'header' });
      const stream = await openEvents(b.url, { bearer: victim.tokens.accessToken });
      expect(stream.status).toBe(200);
      const revoked = await revokeSession(a.url, manager.tokens.accessToken, victim.sessionId);
      expect(revoked.status).toBe(204);
      const returned = Date.now();
      const ended = await stream.next('session-ended', 1_000);
      slowest.push(Date.now() - returned);
      expect(ended.data).toMatchObject({
        sessionId: victim.sessionId,
        endReason: 'ended_by_user',
        endedBy: { sessionId: manager.sessionId },
      });
      await stream.ended;
      expect((await openEvents(b.url, { bearer: victim.tokens.accessToken })).status).toBe(401);
      for (const secret of [victim.tokens.accessToken, victim.tokens.refreshToken, manager.tokens.accessToken])
        expect(stream.raw()).not.toContain(secret);
    }
    expect(Math.max(...slowest)).toBeLessThan(1_000);
    const changes = watcher.events.filter((event) => event.event === 'sessions-changed').map((event) => event.data);
    expect(changes).toContainEqual({ sessionId: expect.any(String), change: 'signed_in' });
    expect(changes.filter((data) => (data as { change: string }).change === 'ended')).toHaveLength(ROUNDS);
    watcher.close();
  });
});
