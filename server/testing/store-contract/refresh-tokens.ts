/** Refresh tokens: the atomic exchange (rotation, concurrent tabs, theft) and reissue after re-authentication. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../session/records.ts';
import type { RefreshExchangeInput, RefreshExchangeResult } from '../../session/store.ts';
import type { ContractFixture } from './fixture.ts';
import {
  BY_OPERATOR,
  T0,
  MINUTE,
  HOUR,
  GRACE_MS,
  IDLE_TTL_MS,
  KEEP_GENERATIONS,
  newHash,
  newUser,
  newSession,
  exchangeInput,
} from './fixture.ts';

export function describeRefreshTokenContract(fixture: ContractFixture): void {
  let store: ContractFixture['store'];
  beforeEach(() => {
    store = fixture.store;
  });
  const givenSession = fixture.givenSession.bind(fixture);

  describe('refresh token exchange', () => {
    async function exchange(presentedHash: string, now: number, overrides: Partial<RefreshExchangeInput> = {}) {
      const input = exchangeInput(presentedHash, now, overrides);
      const result = await store.exchangeRefreshToken(input);
      return { result, nextHash: input.nextHash };
    }

    function rotatedSession(result: RefreshExchangeResult): SessionRecord {
      expect(result.outcome).toBe('rotated');
      if (result.outcome !== 'rotated') throw new Error('not rotated');
      return result.session;
    }

    it('rotates the current token to the next generation and slides the expiry', async () => {
      const { session, token } = await givenSession();
      const now = T0 + 10 * MINUTE;
      const { result } = await exchange(token, now);
      const rotated = rotatedSession(result);
      expect(rotated.id).toBe(session.id);
      expect(rotated.refreshGeneration).toBe(1);
      expect(rotated.rotatedAt).toBe(now);
      expect(rotated.expiresAt).toBe(now + IDLE_TTL_MS);
      expect(rotated.absoluteExpiresAt).toBe(session.absoluteExpiresAt);
      const stored = await store.findSessionById(session.id);
      expect(stored?.refreshGeneration).toBe(1);
      expect(stored?.rotatedAt).toBe(now);
      expect(stored?.expiresAt).toBe(now + IDLE_TTL_MS);
    });

    it('never slides the expiry past the absolute expiry', async () => {
      const { token } = await givenSession({ expiresAt: T0 + 2 * HOUR, absoluteExpiresAt: T0 + 2 * HOUR });
      const now = T0 + 90 * MINUTE;
      const rotated = rotatedSession((await exchange(token, now)).result);
      expect(rotated.expiresAt).toBe(T0 + 2 * HOUR);
    });

    it('accepts the token it handed out', async () => {
      const { token } = await givenSession();
      const first = await exchange(token, T0 + MINUTE);
      rotatedSession(first.result);
      const second = await exchange(first.nextHash, T0 + 2 * MINUTE);
      expect(rotatedSession(second.result).refreshGeneration).toBe(2);
      const third = await exchange(second.nextHash, T0 + 3 * MINUTE);
      expect(rotatedSession(third.result).refreshGeneration).toBe(3);
    });

    it('treats the previous token inside the grace window as a concurrent refresh, without a fork', async () => {
      const { session, token } = await givenSession();
      const rotatedAt = T0 + MINUTE;
      rotatedSession((await exchange(token, rotatedAt)).result);
      const sibling = await exchange(token, rotatedAt + GRACE_MS - 1);
      expect(sibling.result.outcome).toBe('concurrent');
      if (sibling.result.outcome !== 'concurrent') return;
      expect(sibling.result.session.id).toBe(session.id);
      expect(sibling.result.session.refreshGeneration).toBe(1);
      expect((await store.findSessionById(session.id))?.refreshGeneration).toBe(1);
      // The sibling token belongs to the current generation, so it rotates normally.
      expect(rotatedSession((await exchange(sibling.nextHash, rotatedAt + GRACE_MS)).result).refreshGeneration).toBe(2);
    });

    it('treats the previous token after the grace window as theft and deletes the session', async () => {
      const { session, token, user, tenantId } = await givenSession();
      const { session: otherDevice } = await givenSession({ userId: user.id, tenantId });
      const rotatedAt = T0 + MINUTE;
      const first = await exchange(token, rotatedAt);
      rotatedSession(first.result);
      const replay = await exchange(token, rotatedAt + GRACE_MS + 1);
      expect(replay.result).toEqual({ outcome: 'theft', ended: { id: session.id, userId: user.id, tenantId } });
      expect(await store.findSessionById(session.id)).toBeNull();
      // The legitimate holder's token dies with the session; other devices are untouched.
      expect((await exchange(first.nextHash, rotatedAt + GRACE_MS + 2)).result).toEqual({ outcome: 'invalid' });
      expect(await store.findSessionById(otherDevice.id)).toEqual(otherDevice);
    });

    it('treats a token two generations back as theft, even inside the grace window', async () => {
      const { session, token } = await givenSession();
      const first = await exchange(token, T0 + MINUTE);
      rotatedSession(first.result);
      rotatedSession((await exchange(first.nextHash, T0 + MINUTE + 1)).result);
      const replay = await exchange(token, T0 + MINUTE + 2);
      expect(replay.result.outcome).toBe('theft');
      expect(await store.findSessionById(session.id)).toBeNull();
    });

    it('answers invalid for an unknown token', async () => {
      await givenSession();
      expect((await exchange(newHash(), T0 + MINUTE)).result).toEqual({ outcome: 'invalid' });
    });

    it('answers invalid for an expired session and changes nothing', async () => {
      const { session, token } = await givenSession({ expiresAt: T0 + MINUTE });
      expect((await exchange(token, T0 + MINUTE)).result).toEqual({ outcome: 'invalid' });
      expect((await exchange(token, T0 + 2 * MINUTE)).result).toEqual({ outcome: 'invalid' });
      expect(await store.findSessionById(session.id)).toEqual(session);
    });

    it('answers invalid past the absolute expiry', async () => {
      const { token } = await givenSession({ expiresAt: T0 + HOUR, absoluteExpiresAt: T0 + HOUR });
      expect((await exchange(token, T0 + HOUR)).result).toEqual({ outcome: 'invalid' });
    });

    it('answers invalid for a revoked session', async () => {
      const { session, token } = await givenSession();
      expect(await store.endSessions({ ids: [session.id] }, BY_OPERATOR)).toHaveLength(1);
      expect((await exchange(token, T0 + MINUTE)).result).toEqual({ outcome: 'invalid' });
    });

    it('lets exactly one of 20 simultaneous exchanges rotate; the rest get usable sibling tokens', async () => {
      const { session, token, user } = await givenSession();
      const now = T0 + MINUTE;
      const attempts = await Promise.all(Array.from({ length: 20 }, () => exchange(token, now)));
      const outcomes = attempts.map((attempt) => attempt.result.outcome);
      expect(outcomes.filter((outcome) => outcome === 'rotated')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'concurrent')).toHaveLength(19);
      const sessions = await store.listSessionsByUser(user.id, now);
      expect(sessions.map((s) => s.id)).toEqual([session.id]);
      expect(sessions[0]?.refreshGeneration).toBe(1);
      // Every token handed out is of the current generation: the first rotates, and the others,
      // now one generation back and inside the grace window, are concurrent refreshes, not theft.
      const [first, ...rest] = attempts.map((attempt) => attempt.nextHash);
      expect(rotatedSession((await exchange(first as string, now + 1)).result).refreshGeneration).toBe(2);
      for (const hash of rest) {
        expect((await exchange(hash, now + 2)).result.outcome).toBe('concurrent');
      }
      expect((await store.findSessionById(session.id))?.refreshGeneration).toBe(2);
    });

    it('forgets generations older than keepGenerations, so their tokens are merely invalid', async () => {
      const { session, token } = await givenSession();
      const keepGenerations = 2;
      const hashes = [token];
      for (let generation = 1; generation <= 5; generation += 1) {
        const step = await exchange(hashes[generation - 1] as string, T0 + generation * MINUTE, { keepGenerations });
        expect(rotatedSession(step.result).refreshGeneration).toBe(generation);
        hashes.push(step.nextHash);
      }
      const now = T0 + 6 * MINUTE;
      // Generations 0..2 are older than 5 - 2: pruned, unknown now.
      for (const pruned of hashes.slice(0, 3)) {
        expect((await exchange(pruned, now, { keepGenerations })).result).toEqual({ outcome: 'invalid' });
      }
      expect(await store.findSessionById(session.id)).not.toBeNull();
      // Generation 3 is still remembered: its reuse is theft.
      expect((await exchange(hashes[3] as string, now, { keepGenerations })).result.outcome).toBe('theft');
      expect(await store.findSessionById(session.id)).toBeNull();
    });
  });
  describe('reissuing a refresh token', () => {
    it('moves a live session to a new generation whose token works, and makes the old one rotated-out', async () => {
      const user = newUser();
      await store.insertUser(user, 'public');
      const session = newSession(user.id, 'public');
      const first = newHash();
      await store.insertSession(session, first);
      const second = newHash();
      const reissued = await store.reissueRefreshToken(session.id, second, T0 + MINUTE, KEEP_GENERATIONS);
      expect(reissued).toMatchObject({
        id: session.id,
        refreshGeneration: session.refreshGeneration + 1,
        rotatedAt: T0 + MINUTE,
      });
      const exchange = (presentedHash: string, now: number) =>
        store.exchangeRefreshToken({
          presentedHash,
          nextHash: newHash(),
          now,
          graceMs: GRACE_MS,
          idleTtlMs: IDLE_TTL_MS,
          keepGenerations: KEEP_GENERATIONS,
        });
      expect((await exchange(second, T0 + 2 * MINUTE)).outcome).toBe('rotated');
      expect((await exchange(first, T0 + 3 * MINUTE)).outcome).toBe('theft');
    });

    it('answers null for a session that is gone', async () => {
      expect(await store.reissueRefreshToken('no-such-session', newHash(), T0, KEEP_GENERATIONS)).toBeNull();
    });
  });
}
