/**
 * Ended sessions: how they end (when, why, by which session), that they never come back in any
 * lookup and cannot be refreshed, the paged history, and the purge after SESSION_HISTORY_DAYS.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionEnd } from '../../session/records.ts';
import type { ContractFixture } from './fixture.ts';
import { BY_OPERATOR, T0, MINUTE, exchangeInput } from './fixture.ts';

export function describeHistoryContract(fixture: ContractFixture): void {
  let store: ContractFixture['store'];
  beforeEach(() => {
    store = fixture.store;
  });
  const givenSession = fixture.givenSession.bind(fixture);

  describe('ended sessions and their history', () => {
    it('records when, why and by which session a session ended, and keeps the rest of it', async () => {
      const { session, user, tenantId } = await givenSession();
      const { session: other } = await givenSession({ userId: user.id, tenantId });
      const end: SessionEnd = {
        at: T0 + MINUTE,
        reason: 'ended_by_user',
        bySessionId: other.id,
        byDeviceName: 'Chrome',
      };
      expect(await store.endSessions({ ids: [session.id] }, end)).toEqual([
        { id: session.id, userId: user.id, tenantId },
      ]);
      const [ended, ...rest] = await store.listEndedSessions({ userId: user.id, tenantId, endedAfter: 0, limit: 10 });
      expect(rest).toEqual([]);
      expect(ended).toEqual({ ...session, end });
    });

    it('never hands an ended session out again, nor lets it end twice or be refreshed', async () => {
      const { session, token, user, tenantId } = await givenSession();
      await store.endSessions({ ids: [session.id] }, BY_OPERATOR);
      expect(await store.findSessionById(session.id)).toBeNull();
      expect(await store.findSessionWithUser(session.id)).toBeNull();
      expect(await store.listSessionsByUser(user.id, T0)).toEqual([]);
      expect(await store.endSessions({ userId: user.id }, { ...BY_OPERATOR, at: T0 + 2 })).toEqual([]);
      expect(await store.endExpiredSessions(T0 + 365 * 86_400_000, 10)).toEqual([]);
      expect(await store.exchangeRefreshToken(exchangeInput(token, T0 + MINUTE))).toEqual({ outcome: 'invalid' });
      expect(await store.reissueRefreshToken(session.id, 'f'.repeat(64), T0 + MINUTE, 5)).toBeNull();
      const history = await store.listEndedSessions({ userId: user.id, tenantId, endedAfter: 0, limit: 10 });
      expect(history.map((item) => item.end)).toEqual([BY_OPERATOR]);
    });

    it('records a rotated-out token coming back as theft_detected', async () => {
      const { session, token, user, tenantId } = await givenSession();
      expect((await store.exchangeRefreshToken(exchangeInput(token, T0 + MINUTE))).outcome).toBe('rotated');
      const replay = await store.exchangeRefreshToken(exchangeInput(token, T0 + 10 * MINUTE));
      expect(replay).toEqual({ outcome: 'theft', ended: { id: session.id, userId: user.id, tenantId } });
      const [ended] = await store.listEndedSessions({ userId: user.id, tenantId, endedAfter: 0, limit: 10 });
      expect(ended?.end).toEqual({
        at: T0 + 10 * MINUTE,
        reason: 'theft_detected',
        bySessionId: null,
        byDeviceName: null,
      });
    });

    it('pages the history newest first, only of that user and tenant, only after endedAfter', async () => {
      const { user, tenantId } = await givenSession();
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const { session } = await givenSession({ userId: user.id, tenantId });
        await store.endSessions({ ids: [session.id] }, { ...BY_OPERATOR, at: T0 + i * MINUTE });
        ids.push(session.id);
      }
      // Two that end at the same moment are ordered by id, so no page skips or repeats one.
      const { session: tieA } = await givenSession({ userId: user.id, tenantId });
      const { session: tieB } = await givenSession({ userId: user.id, tenantId });
      await store.endSessions({ ids: [tieA.id, tieB.id] }, { ...BY_OPERATOR, at: T0 + 10 * MINUTE });
      const { session: stranger } = await givenSession();
      await store.endSessions({ ids: [stranger.id] }, BY_OPERATOR);
      const { session: otherTenant } = await givenSession({ userId: user.id });
      await store.endSessions({ ids: [otherTenant.id] }, BY_OPERATOR);

      const query = { userId: user.id, tenantId, endedAfter: T0, limit: 3 };
      const first = await store.listEndedSessions(query);
      const last = first.at(-1);
      if (last === undefined) throw new Error('empty page');
      const second = await store.listEndedSessions({ ...query, before: { endedAt: last.end.at, id: last.id } });
      const ties = [tieA.id, tieB.id].sort().reverse();
      expect([...first, ...second].map((item) => item.id)).toEqual([...ties, ids[4], ids[3], ids[2], ids[1]]);
    });

    it('purges ended sessions that ended at or before the retention point, in bounded batches', async () => {
      const { session: old, user, tenantId } = await givenSession();
      const { session: older } = await givenSession({ userId: user.id, tenantId });
      const { session: recent } = await givenSession({ userId: user.id, tenantId });
      const { session: live } = await givenSession({ userId: user.id, tenantId });
      await store.endSessions({ ids: [old.id, older.id] }, { ...BY_OPERATOR, at: T0 });
      await store.endSessions({ ids: [recent.id] }, { ...BY_OPERATOR, at: T0 + MINUTE });
      expect(await store.purgeEndedSessions(T0, 1)).toBe(1);
      expect(await store.purgeEndedSessions(T0, 10)).toBe(1);
      expect(await store.purgeEndedSessions(T0, 10)).toBe(0);
      const history = await store.listEndedSessions({ userId: user.id, tenantId, endedAfter: 0, limit: 10 });
      expect(history.map((item) => item.id)).toEqual([recent.id]);
      expect(await store.findSessionById(live.id)).toEqual(live);
    });
  });
}
