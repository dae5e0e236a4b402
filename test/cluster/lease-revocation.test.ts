/**
 * Issue 15: strict revocation on PostgreSQL served from each instance's cache under leases
 * (docs/revocation.md). Once a revoke call has returned, no instance accepts the session's next
 * request: over thousands of trials, with the other instance paused (SIGSTOP) during the revoke,
 * and with its LISTEN connection killed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../../server/testing/postgres-schema.ts';
import type { TestSchema } from '../../server/testing/postgres-schema.ts';
import { signIn, signUp } from '../../server/testing/sign-up.ts';
import type { Account } from '../../server/testing/sign-up.ts';
import { me, over, revokeSession } from './http-client.ts';
import { startInstances } from './instances.ts';
import type { Instance } from './instances.ts';

const PASSWORD = 'correct horse battery staple';
const ROUNDS = 20;
const SESSIONS_PER_ROUND = 100;

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: width }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** `count` sessions, of one account per 25 (more than five sign-ins of one account in flight would trip its limit). */
async function signInMany(url: string, count: number): Promise<Account[]> {
  const perAccount = Array.from({ length: Math.ceil(count / 25) }, (_, index) => Math.min(25, count - index * 25));
  const groups = await Promise.all(
    perAccount.map(async (sessions) => {
      const email = `lease-${randomUUID()}@example.test`;
      const first = await signUp(url, { ...over(), email, password: PASSWORD });
      const others = await inParallel(
        Array.from({ length: sessions - 1 }, (_, index) => index),
        4,
        () => signIn(url, email, PASSWORD, over()),
      );
      return [first, ...others];
    }),
  );
  return groups.flat();
}

/** Every session answers 200 on `instance`, twice (the second from its cache). */
async function warm(instance: Instance, accounts: readonly Account[]): Promise<void> {
  const statuses = await inParallel(accounts, 10, async (account) => {
    const first = await me(instance.url, account.tokens.accessToken);
    const second = await me(instance.url, account.tokens.accessToken);
    return Math.max(first.status, second.status);
  });
  expect(statuses.filter((status) => status !== 200)).toEqual([]);
}

describe('strict revocation from a leased cache on PostgreSQL (issue 15)', () => {
  let schema: TestSchema;
  let instances: Instance[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('lease');
    instances = await startInstances(2, { ...schema.env, REVOCATION_MODE: 'strict', POSTGRES_SESSION_CACHE: 'lease' });
  });

  /** The PostgreSQL backend of an instance's LISTEN connection. */
  const listenerOf = async (instance: Instance): Promise<number | null> =>
    (
      await schema.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state IS NOT NULL',
        [`session-control-leases/${instance.child.pid}`],
      )
    )[0]?.pid ?? null;

  afterAll(async () => {
    for (const instance of instances) if (instance.isRunning()) instance.child.kill('SIGCONT');
    await Promise.all(instances.map((instance) => instance.stop()));
    await schema?.drop();
  });

  it('answers from its cache: a change made behind its back is not seen until it is announced', async () => {
    const [a, b] = instances as [Instance, Instance];
    const [victim] = (await signInMany(a.url, 1)) as [Account];
    await warm(b, [victim]);
    // Raw SQL announces nothing (docs/revocation.md: end sessions through the API or sessionctl).
    await schema.query("UPDATE sessions SET ended_at = 1, end_reason = 'ended_by_operator' WHERE id = $1", [
      victim.sessionId,
    ]);
    expect((await me(b.url, victim.tokens.accessToken)).status).toBe(200);
    await schema.query('UPDATE sessions SET ended_at = NULL, end_reason = NULL WHERE id = $1', [victim.sessionId]);
    expect((await revokeSession(a.url, victim.tokens.accessToken, victim.sessionId)).status).toBe(204);
    expect((await me(b.url, victim.tokens.accessToken)).status).toBe(401);
  });

  it(`accepts no request after the revoke returned, in ${ROUNDS * SESSIONS_PER_ROUND} trials`, async () => {
    let trials = 0;
    let acceptedAfterRevocation = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const [revoker, checker] = (round % 2 === 0 ? instances : [...instances].reverse()) as [Instance, Instance];
      const victims = await signInMany(revoker.url, SESSIONS_PER_ROUND);
      await warm(checker, victims);
      // The checker keeps filling its cache with these sessions while they are revoked.
      const hammer = inParallel(victims, 10, (victim) => me(checker.url, victim.tokens.accessToken));
      const after = await inParallel(victims, 25, async (victim) => {
        expect((await revokeSession(revoker.url, victim.tokens.accessToken, victim.sessionId)).status).toBe(204);
        return (await me(checker.url, victim.tokens.accessToken)).status;
      });
      await hammer;
      trials += after.length;
      acceptedAfterRevocation += after.filter((status) => status !== 401).length;
    }
    expect(trials).toBe(ROUNDS * SESSIONS_PER_ROUND);
    expect(acceptedAfterRevocation).toBe(0);
  }, 600_000);

  it('waits out the lease of an instance paused during the revoke; resumed, it refuses the session', async () => {
    const [a, b] = instances as [Instance, Instance];
    for (let trial = 0; trial < 3; trial += 1) {
      const victims = await signInMany(a.url, 20);
      await warm(b, victims);
      b.child.kill('SIGSTOP');
      let resumed = false;
      try {
        const revoked = await inParallel(victims, 20, (victim) =>
          revokeSession(a.url, victim.tokens.accessToken, victim.sessionId),
        );
        expect(revoked.map((response) => response.status)).toEqual(victims.map(() => 204));
        // Sent while B is still paused: B reads them only after it resumes.
        const pending = victims.map((victim) => me(b.url, victim.tokens.accessToken));
        b.child.kill('SIGCONT');
        resumed = true;
        expect((await Promise.all(pending)).map((response) => response.status)).toEqual(victims.map(() => 401));
      } finally {
        if (!resumed) b.child.kill('SIGCONT');
      }
      const again = await Promise.all(victims.map((victim) => me(b.url, victim.tokens.accessToken)));
      expect(again.map((response) => response.status)).toEqual(victims.map(() => 401));
    }
  });

  it('waits out the lease of an instance whose listener silently stops delivering (its backend paused)', async () => {
    const [a, b] = instances as [Instance, Instance];
    for (let trial = 0; trial < 3; trial += 1) {
      const victims = await signInMany(a.url, 20);
      await warm(b, victims);
      // B's connection stays up, but nothing reaches B over it: no invalidation, no heartbeat.
      const backend = await listenerOf(b);
      expect(backend).not.toBeNull();
      process.kill(backend as number, 'SIGSTOP');
      try {
        const after = await inParallel(victims, 20, async (victim) => {
          expect((await revokeSession(a.url, victim.tokens.accessToken, victim.sessionId)).status).toBe(204);
          return (await me(b.url, victim.tokens.accessToken)).status;
        });
        expect(after).toEqual(victims.map(() => 401));
      } finally {
        process.kill(backend as number, 'SIGCONT');
      }
    }
  });

  it('stops serving from its cache when its LISTEN connection is killed, reconnects, keeps the promise', async () => {
    const [a, b] = instances as [Instance, Instance];
    for (let trial = 0; trial < 5; trial += 1) {
      const victims = await signInMany(a.url, 20);
      await warm(b, victims);
      const before = await listenerOf(b);
      expect(before).not.toBeNull();
      await schema.query('SELECT pg_terminate_backend($1)', [before]);
      const after = await inParallel(victims, 20, async (victim) => {
        expect((await revokeSession(a.url, victim.tokens.accessToken, victim.sessionId)).status).toBe(204);
        return (await me(b.url, victim.tokens.accessToken)).status;
      });
      expect(after).toEqual(victims.map(() => 401));
      // B listens again on a new connection.
      let now = await listenerOf(b);
      for (let wait = 0; (now === null || now === before) && wait < 100; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        now = await listenerOf(b);
      }
      expect(now).not.toBeNull();
      expect(now).not.toBe(before);
    }
    // Once reconnected, B serves from its cache again and still refuses what A revokes.
    const victims = await signInMany(a.url, 20);
    await warm(b, victims);
    const after = await inParallel(victims, 20, async (victim) => {
      await revokeSession(a.url, victim.tokens.accessToken, victim.sessionId);
      return (await me(b.url, victim.tokens.accessToken)).status;
    });
    expect(after).toEqual(victims.map(() => 401));
  });
});
