/**
 * What every part of the store contract shares: fixed times, record factories, and the store
 * under test with helpers that put a tenant, a user or a session in it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { SessionRecord, UserRecord } from '../../session/records.ts';
import type { RefreshExchangeInput, Store } from '../../session/store.ts';

export const T0 = 1_800_000_000_000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const GRACE_MS = 10_000;
export const IDLE_TTL_MS = HOUR;
export const KEEP_GENERATIONS = 5;

export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** Stands in for the SHA-256 hex of a refresh token: the store only ever sees such hashes. */
export function newHash(): string {
  return randomBytes(32).toString('hex');
}

export function newUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: newId(),
    email: `user-${randomUUID()}@example.test`,
    passwordHash: `scrypt$${randomBytes(8).toString('hex')}`,
    createdAt: T0,
    disabledAt: null,
    ...overrides,
  };
}

export function newSession(userId: string, tenantId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: newId(),
    userId,
    tenantId,
    createdAt: T0,
    lastActiveAt: T0,
    expiresAt: T0 + IDLE_TTL_MS,
    absoluteExpiresAt: T0 + 30 * DAY,
    authenticatedAt: T0,
    refreshGeneration: 0,
    rotatedAt: T0,
    device: {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
      name: 'Firefox on Linux',
      browser: 'Firefox',
      browserVersion: '133.0',
      os: 'Linux',
      type: 'desktop',
      label: null,
    },
    ip: '203.0.113.7',
    client: 'web',
    deviceId: null,
    newDevice: false,
    countryCode: null,
    ...overrides,
  };
}

export function exchangeInput(
  presentedHash: string,
  now: number,
  overrides: Partial<RefreshExchangeInput> = {},
): RefreshExchangeInput {
  return {
    presentedHash,
    nextHash: newHash(),
    now,
    graceMs: GRACE_MS,
    idleTtlMs: IDLE_TTL_MS,
    keepGenerations: KEEP_GENERATIONS,
    ...overrides,
  };
}

export function sortedIds(ids: readonly string[]): string[] {
  return [...ids].sort();
}

/** How the contract ends sessions where the reason does not matter. */
export const BY_OPERATOR = { at: T0 + 1, reason: 'ended_by_operator', bySessionId: null, byDeviceName: null } as const;

/** The store under test (fresh for every test) and helpers that fill it. */
export class ContractFixture {
  store!: Store;

  async givenTenant(id: string = `tenant-${newId()}`): Promise<string> {
    expect(await this.store.insertTenant({ id, createdAt: T0 })).toBe(true);
    return id;
  }

  async givenUser(tenantId: string, overrides: Partial<UserRecord> = {}): Promise<UserRecord> {
    const user = newUser(overrides);
    expect(await this.store.insertUser(user, tenantId)).toBe(true);
    return user;
  }

  async givenSession(
    overrides: Partial<SessionRecord> = {},
  ): Promise<{ session: SessionRecord; token: string; user: UserRecord; tenantId: string }> {
    const tenantId = overrides.tenantId ?? (await this.givenTenant());
    const user =
      overrides.userId === undefined ? await this.givenUser(tenantId) : await this.store.findUserById(overrides.userId);
    if (user === null) throw new Error('givenSession: unknown user');
    const session = newSession(user.id, tenantId, overrides);
    const token = newHash();
    await this.store.insertSession(session, token);
    return { session, token, user, tenantId };
  }
}
