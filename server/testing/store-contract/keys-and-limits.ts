/** Signing keys and rate-limit counters. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContractFixture } from './fixture.ts';
import { T0, MINUTE, newId } from './fixture.ts';

export function describeKeyAndRateLimitContract(fixture: ContractFixture): void {
  let store: ContractFixture['store'];
  beforeEach(() => {
    store = fixture.store;
  });

  describe('signing keys', () => {
    it('inserts signing keys and lists them', async () => {
      const keys = ['a', 'b'].map((suffix, index) => ({
        kid: `kid-${suffix}-${newId()}`,
        alg: 'EdDSA',
        privateJwk: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', d: newId(), x: newId() }),
        publicJwk: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: newId() }),
        createdAt: T0 + index,
      }));
      expect(await store.listSigningKeys()).toEqual([]);
      for (const key of keys) await store.insertSigningKey(key);
      const listed = await store.listSigningKeys();
      expect([...listed].sort((x, y) => x.createdAt - y.createdAt)).toEqual(keys);
    });
  });
  describe('rate limits', () => {
    const WINDOW_MS = 15 * MINUTE;
    /** The count in `key`'s current window, seen through the interface: one hit, taken back. */
    async function countOf(key: string, now: number): Promise<number> {
      const { count } = await store.hitRateLimit(key, now, WINDOW_MS);
      await store.releaseRateLimit(key, now);
      return count - 1;
    }

    it('counts hits in a fixed window and reports when it ends', async () => {
      const key = `signin:${newId()}`;
      expect(await store.hitRateLimit(key, T0, WINDOW_MS)).toEqual({ count: 1, resetAt: T0 + WINDOW_MS });
      expect(await store.hitRateLimit(key, T0 + MINUTE, WINDOW_MS)).toEqual({ count: 2, resetAt: T0 + WINDOW_MS });
      expect(await store.hitRateLimit(key, T0 + 2 * MINUTE, WINDOW_MS)).toEqual({ count: 3, resetAt: T0 + WINDOW_MS });
      expect(await countOf(key, T0 + 3 * MINUTE)).toBe(3);
    });

    it('starts a new window once the old one has ended', async () => {
      const key = `signin:${newId()}`;
      await store.hitRateLimit(key, T0, WINDOW_MS);
      await store.hitRateLimit(key, T0 + 1, WINDOW_MS);
      const later = T0 + WINDOW_MS + MINUTE;
      expect(await countOf(key, later)).toBe(0);
      expect(await store.hitRateLimit(key, later, WINDOW_MS)).toEqual({ count: 1, resetAt: later + WINDOW_MS });
    });

    it('keeps keys apart and forgets a cleared key', async () => {
      const key = `signin:${newId()}`;
      const other = `signup:${newId()}`;
      await store.hitRateLimit(key, T0, WINDOW_MS);
      await store.hitRateLimit(key, T0, WINDOW_MS);
      await store.hitRateLimit(other, T0, WINDOW_MS);
      expect(await countOf(other, T0)).toBe(1);
      await store.clearRateLimit(key);
      expect(await countOf(key, T0)).toBe(0);
      expect(await countOf(other, T0)).toBe(1);
      expect((await store.hitRateLimit(key, T0 + 1, WINDOW_MS)).count).toBe(1);
      expect(await countOf(`unknown:${newId()}`, T0)).toBe(0);
    });

    it('takes one hit back on release, never below zero, and not from a finished window', async () => {
      const key = `signin:${newId()}`;
      await store.hitRateLimit(key, T0, WINDOW_MS);
      await store.hitRateLimit(key, T0, WINDOW_MS);
      await store.releaseRateLimit(key, T0 + 1);
      expect(await countOf(key, T0 + 1)).toBe(1);
      await store.releaseRateLimit(key, T0 + 2);
      await store.releaseRateLimit(key, T0 + 3);
      expect(await countOf(key, T0 + 3)).toBe(0);
      await store.releaseRateLimit(`unknown:${newId()}`, T0);
    });

    it('sweeps counters whose window has ended, in bounded batches', async () => {
      const keys = [newId(), newId(), newId()].map((id) => `sweep:${id}`);
      for (const key of keys) await store.hitRateLimit(key, T0, WINDOW_MS);
      const live = `sweep:${newId()}`;
      await store.hitRateLimit(live, T0 + WINDOW_MS, WINDOW_MS);
      const after = T0 + WINDOW_MS + 1;
      expect(await store.deleteExpiredRateLimits(after, 2)).toBe(2);
      expect(await store.deleteExpiredRateLimits(after, 10)).toBe(1);
      expect(await countOf(live, after)).toBe(1);
    });
  });
}
