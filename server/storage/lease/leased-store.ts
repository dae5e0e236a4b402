/**
 * The PostgreSQL store with the lease protocol (docs/revocation.md): the same SQL store, except
 * that every change which could make a cached "is this session live?" answer wrong announces
 * itself after its commit and returns only when no instance can still serve the old answer.
 * "Last active" is announced without waiting (no promise rests on it).
 */
import type { EndedSessionRef, SessionEnd, SessionRecord } from '../../session/records.ts';
import type { RefreshExchangeInput, RefreshExchangeResult, SessionSelector } from '../../session/store.ts';
import type { Driver } from '../driver.ts';
import { SqlStore } from '../sql-store.ts';
import type { SessionLookup } from '../sql-store.ts';
import type { LeaseCoordinator } from './lease-coordinator.ts';

function ownersOf(ended: readonly EndedSessionRef[]): string[] {
  return [...new Set(ended.map((session) => session.userId))];
}

export class LeasedStore extends SqlStore {
  constructor(
    driver: Driver,
    lookup: SessionLookup,
    private readonly coordinator: LeaseCoordinator,
  ) {
    super(driver, lookup);
  }

  override async endSessions(selector: SessionSelector, end: SessionEnd): Promise<EndedSessionRef[]> {
    const ended = await super.endSessions(selector, end);
    if (ended.length > 0) {
      await this.coordinator.invalidate({ sessionIds: ended.map((session) => session.id), userIds: ownersOf(ended) });
    }
    return ended;
  }

  override async setUserDisabled(userId: string, disabledAt: number | null): Promise<void> {
    await super.setUserDisabled(userId, disabledAt);
    await this.coordinator.invalidate({ userIds: [userId] });
  }

  override async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await super.updatePasswordHash(userId, passwordHash);
    await this.coordinator.invalidate({ userIds: [userId] });
  }

  override async exchangeRefreshToken(input: RefreshExchangeInput): Promise<RefreshExchangeResult> {
    const result = await super.exchangeRefreshToken(input);
    if (result.outcome === 'theft') {
      await this.coordinator.invalidate({ sessionIds: [result.ended.id], userIds: [result.ended.userId] });
    } else if (result.outcome === 'rotated') {
      await this.coordinator.invalidate({ sessionIds: [result.session.id] });
    }
    return result;
  }

  override async reissueRefreshToken(
    sessionId: string,
    nextHash: string,
    now: number,
    keepGenerations: number,
  ): Promise<SessionRecord | null> {
    const session = await super.reissueRefreshToken(sessionId, nextHash, now, keepGenerations);
    if (session !== null) await this.coordinator.invalidate({ sessionIds: [sessionId] });
    return session;
  }

  override async markAuthenticated(id: string, authenticatedAt: number): Promise<void> {
    await super.markAuthenticated(id, authenticatedAt);
    await this.coordinator.invalidate({ sessionIds: [id] });
  }

  override async touchSession(id: string, lastActiveAt: number, ip: string | null): Promise<void> {
    await super.touchSession(id, lastActiveAt, ip);
    await this.coordinator.invalidate({ sessionIds: [id] }, false);
  }

  override async close(): Promise<void> {
    await this.coordinator.close();
    await super.close();
  }
}
