import { describe, expect, it } from 'vitest';
import type { SessionWithUser } from '../../session/records.ts';
import { AckBook } from './ack-book.ts';
import { LeaseState } from './lease-state.ts';
import { LeasedSessionCache } from './leased-session-cache.ts';

function record(id: string, userId = 'user-1'): SessionWithUser {
  return {
    session: { id, userId, tenantId: 'public', expiresAt: Date.now() + 3_600_000, device: {} },
    user: { id: userId, disabledAt: null },
  } as unknown as SessionWithUser;
}

/** A database of live sessions that counts reads and can hold a read until the test lets it go. */
function fakeDatabase() {
  const live = new Map<string, SessionWithUser>();
  let reads = 0;
  let held: (() => void) | null = null;
  let holdNext = false;
  return {
    live,
    get reads() {
      return reads;
    },
    holdNextRead() {
      holdNext = true;
    },
    release() {
      held?.();
    },
    load: async (id: string): Promise<SessionWithUser | null> => {
      reads += 1;
      const found = live.get(id) ?? null; // what the database said when the read ran
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => {
          held = resolve;
        });
      }
      return found;
    },
  };
}

function servingCache() {
  const clock = { now: 0 };
  const lease = new LeaseState(
    { termMs: 3_000, marginMs: 300, heartbeatTimeoutMs: 3_000 },
    { monotonicMs: () => clock.now, wallMs: () => clock.now },
  );
  lease.setListening(true);
  lease.heard();
  lease.renewed(lease.stamp());
  const db = fakeDatabase();
  const cache = new LeasedSessionCache(lease, db.load, () => clock.now);
  return { lease, db, cache, clock };
}

describe('the leased session cache (issue 15)', () => {
  it('answers from memory while the lease is held, from the database once it lapsed', async () => {
    const { db, cache, clock } = servingCache();
    db.live.set('s1', record('s1'));
    expect((await cache.find('s1'))?.session.id).toBe('s1');
    expect((await cache.find('s1'))?.session.id).toBe('s1');
    expect(db.reads).toBe(1);
    clock.now += 2_700;
    db.live.delete('s1');
    expect(await cache.find('s1')).toBeNull();
    expect(db.reads).toBe(2);
  });

  it('forgets invalidated sessions, and every session of an invalidated user', async () => {
    const { db, cache } = servingCache();
    for (const [id, user] of [
      ['a', 'u1'],
      ['b', 'u1'],
      ['c', 'u2'],
    ] as const)
      db.live.set(id, record(id, user));
    for (const id of ['a', 'b', 'c']) await cache.find(id);
    db.live.clear();
    cache.invalidate({ sessionIds: ['c'] });
    expect(await cache.find('c')).toBeNull();
    cache.invalidate({ userIds: ['u1'] });
    expect(await cache.find('a')).toBeNull();
    expect(await cache.find('b')).toBeNull();
  });

  it('never puts back a session whose read raced with its revocation', async () => {
    const { db, cache } = servingCache();
    db.live.set('s1', record('s1'));
    db.holdNextRead();
    const racing = cache.find('s1'); // reads "live" …
    await Promise.resolve();
    db.live.delete('s1'); // … then the revoke commits and its invalidation arrives
    cache.invalidate({ sessionIds: ['s1'] });
    db.release();
    expect((await racing)?.session.id).toBe('s1'); // that request arrived before the revoke
    expect(await cache.find('s1')).toBeNull(); // every later one asks the database
    expect(db.reads).toBe(2);
  });

  it('fills nothing while it is not serving', async () => {
    const { db, cache, lease } = servingCache();
    db.live.set('s1', record('s1'));
    lease.setListening(false);
    await cache.find('s1');
    await cache.find('s1');
    expect(db.reads).toBe(2);
    expect(cache.size).toBe(0);
  });
});

describe('the revoker’s acknowledgements (issue 15)', () => {
  it('counts acknowledgements that arrive before it knew whom to wait for', async () => {
    const book = new AckBook();
    book.open('r1');
    book.acknowledge('r1', 'B');
    expect([...book.expect('r1', ['B', 'C'])]).toEqual(['C']);
    const waiting = book.wait('r1', 10_000);
    book.acknowledge('r1', 'C');
    expect(await waiting).toBe(true);
  });

  it('says who stayed silent when the wait runs out', async () => {
    const book = new AckBook();
    book.open('r1');
    book.expect('r1', ['B', 'C']);
    book.acknowledge('r1', 'B');
    book.acknowledge('r2', 'C'); // another revoke's answer counts for nothing here
    expect(await book.wait('r1', 1)).toBe(false);
    expect(book.missing('r1')).toEqual(['C']);
  });
});
