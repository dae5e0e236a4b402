/** Password reset links: kept by hash, one per user, taken once, swept when expired. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContractFixture } from './fixture.ts';
import { T0, newId } from './fixture.ts';

const TTL_MS = 30 * 60_000;

export function describePasswordResetContract(fixture: ContractFixture): void {
  let store: ContractFixture['store'];
  beforeEach(() => {
    store = fixture.store;
  });

  async function givenReset(userId: string, createdAt = T0): Promise<string> {
    const tokenHash = newId().padEnd(64, '0');
    await store.insertPasswordReset({ tokenHash, userId, createdAt, expiresAt: createdAt + TTL_MS });
    return tokenHash;
  }

  describe('password reset links', () => {
    it('gives the user of a live link once, then never again', async () => {
      const user = await fixture.givenUser(await fixture.givenTenant());
      const hash = await givenReset(user.id);
      expect(await store.takePasswordReset(hash, T0 + 1)).toBe(user.id);
      expect(await store.takePasswordReset(hash, T0 + 2)).toBeNull();
    });

    it('refuses an expired link and an unknown one', async () => {
      const user = await fixture.givenUser(await fixture.givenTenant());
      const hash = await givenReset(user.id);
      expect(await store.takePasswordReset(hash, T0 + TTL_MS)).toBeNull();
      expect(await store.takePasswordReset('f'.repeat(64), T0)).toBeNull();
    });

    it('keeps one link per user: a new link replaces the old', async () => {
      const user = await fixture.givenUser(await fixture.givenTenant());
      const first = await givenReset(user.id);
      const second = await givenReset(user.id, T0 + 1);
      expect(await store.takePasswordReset(first, T0 + 2)).toBeNull();
      expect(await store.takePasswordReset(second, T0 + 2)).toBe(user.id);
    });

    it('sweeps expired links in bounded batches and leaves live ones', async () => {
      const tenantId = await fixture.givenTenant();
      const users = [await fixture.givenUser(tenantId), await fixture.givenUser(tenantId)];
      for (const user of users) await givenReset(user.id);
      const live = await fixture.givenUser(tenantId);
      const liveHash = await givenReset(live.id, T0 + TTL_MS);
      const after = T0 + TTL_MS + 1;
      expect(await store.deleteExpiredPasswordResets(after, 1)).toBe(1);
      expect(await store.deleteExpiredPasswordResets(after, 10)).toBe(1);
      expect(await store.takePasswordReset(liveHash, after)).toBe(live.id);
    });
  });
}
