/**
 * Issue 11: the live event stream through a real load balancer, with the `location = /api/events`
 * block docs/deploy.md documents (proxy_buffering off, proxy_read_timeout 60s). nginx round-robins
 * over two instances on one PostgreSQL schema, so a stream and the revocation that ends it may be
 * served by different instances; `session-ended` must still arrive within 2 s of the revoke
 * returning (the contract's promise through a load balancer), and the keep-alive comments must
 * come through as they are written, not held in a proxy buffer.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvents } from '../../server/testing/event-stream-client.ts';
import type { EventStreamConnection } from '../../server/testing/event-stream-client.ts';
import { createTestSchema } from '../../server/testing/postgres-schema.ts';
import type { TestSchema } from '../../server/testing/postgres-schema.ts';
import { signIn, signUp } from '../../server/testing/sign-up.ts';
import { over, revokeSession, send } from './http-client.ts';
import { startInstances } from './instances.ts';
import type { Instance } from './instances.ts';
import { startNginx } from './nginx.ts';
import type { Nginx } from './nginx.ts';

const PASSWORD = 'correct horse battery staple';
const ROUNDS = 10;
/** The contract's promise for a stream behind a load balancer. */
const THROUGH_A_BALANCER_MS = 2_000;

/** Resolves once the stream's raw bytes contain `text`, or rejects after `timeoutMs`. */
async function rawContains(stream: EventStreamConnection, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stream.raw().includes(text)) {
    if (stream.isEnded()) throw new Error(`the stream ended without ${JSON.stringify(text)}; got: ${stream.raw()}`);
    if (Date.now() > deadline)
      throw new Error(`no ${JSON.stringify(text)} within ${timeoutMs} ms; got: ${stream.raw()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('live events through nginx in front of two instances', () => {
  let schema: TestSchema;
  let instances: Instance[] = [];
  let nginx: Nginx | undefined;
  const upstreamOf = (instance: Instance) => `127.0.0.1:${instance.port}`;
  /** Round robin over two: once a request was answered by the other instance, the next one lands on `instance`. */
  const nextLandsOn = async (instance: Instance) => {
    for (let i = 0; i < 4; i += 1) {
      const response = await send(nginx!.url, 'GET', '/healthz');
      if (String(response.headers['x-upstream']) !== upstreamOf(instance)) return;
    }
  };

  beforeAll(async () => {
    schema = await createTestSchema('cluster_nginx_events');
    instances = await startInstances(2, { ...schema.env, TRUST_PROXY: 'loopback', EVENT_KEEP_ALIVE_SECONDS: '1' });
    nginx = await startNginx(instances.map((instance) => instance.port));
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await schema?.drop();
  });

  it(`delivers session-ended through the proxy within 2 s of a revoke through it (${ROUNDS} rounds)`, async () => {
    const proxy = nginx!.url;
    const email = `nginx-events-${randomUUID()}@example.test`;
    const manager = await signUp(proxy, { ...over(), email, password: PASSWORD });
    const served: { stream: string; revoke: string }[] = [];
    const slowest: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const victim = await signIn(proxy, email, PASSWORD, over());
      // Every combination in turn: the stream on A or B, the revoke on the same instance or the other.
      const [first, second] = instances as [Instance, Instance];
      await nextLandsOn(round % 2 === 0 ? first : second);
      const stream = await openEvents(proxy, { bearer: victim.tokens.accessToken });
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toContain('text/event-stream');
      await nextLandsOn(Math.floor(round / 2) % 2 === 0 ? first : second);
      const revoked = await revokeSession(proxy, manager.tokens.accessToken, victim.sessionId);
      expect(revoked.status).toBe(204);
      const returned = Date.now();
      const ended = await stream.next('session-ended', THROUGH_A_BALANCER_MS);
      slowest.push(Date.now() - returned);
      served.push({ stream: String(stream.headers['x-upstream']), revoke: String(revoked.headers['x-upstream']) });
      expect(ended.data).toMatchObject({
        sessionId: victim.sessionId,
        endReason: 'ended_by_user',
        endedBy: { sessionId: manager.sessionId },
      });
      // The server ends the stream after session-ended, and the proxy passes the end on.
      await stream.ended;
      // The signed-out session cannot open a stream again, whichever instance is asked.
      const reopened = await openEvents(proxy, { bearer: victim.tokens.accessToken });
      expect(reopened.status).toBe(401);
      expect(stream.raw()).not.toContain(victim.tokens.accessToken);
    }
    expect(Math.max(...slowest)).toBeLessThan(THROUGH_A_BALANCER_MS);
    // Streams on both instances, each ended by a revoke on the same instance and on the other one.
    const combinations = new Set(served.map((round) => `${round.stream} ended from ${round.revoke}`));
    expect(combinations.size).toBe(4);
  });

  it('passes keep-alive comments through unbuffered, from either instance', async () => {
    const proxy = nginx!.url;
    const user = await signUp(proxy, {
      ...over(),
      email: `nginx-keepalive-${randomUUID()}@example.test`,
      password: PASSWORD,
    });
    // Round robin: two streams in a row land on the two instances.
    const streams = [
      await openEvents(proxy, { bearer: user.tokens.accessToken }),
      await openEvents(proxy, { bearer: user.tokens.accessToken }),
    ];
    try {
      for (const stream of streams) expect(stream.status).toBe(200);
      expect(new Set(streams.map((stream) => String(stream.headers['x-upstream'])))).toEqual(
        new Set(instances.map(upstreamOf)),
      );
      // A 15-byte comment every second (EVENT_KEEP_ALIVE_SECONDS=1): a buffering proxy would hold it back.
      await Promise.all(streams.map((stream) => rawContains(stream, ': keep-alive\n\n', THROUGH_A_BALANCER_MS)));
      for (const stream of streams) expect(stream.isEnded()).toBe(false);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
