/**
 * The one conformance suite every SessionStore engine must pass. Each engine's test file calls
 * describeStoreContract with a factory for a fresh, empty (migrated) store and a destructor that
 * leaves nothing behind. Time is explicit (`now` values), never the wall clock; no sleeps.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RefreshExchangeInput, RefreshExchangeResult, SessionRecord, SessionStore, UserRecord } from './store.ts';

const T0 = 1_800_000_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GRACE_MS = 10_000;
const IDLE_TTL_MS = HOUR;
const KEEP_GENERATIONS = 5;

function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** Stands in for the SHA-256 hex of a refresh token: the store only ever sees such hashes. */
function newHash(): string {
  return randomBytes(32).toString('hex');
}

function newUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: newId(),
    email: `user-${randomUUID()}@example.test`,
    passwordHash: `scrypt$${randomBytes(8).toString('hex')}`,
    createdAt: T0,
    disabledAt: null,
    ...overrides,
  };
}

function newSession(userId: string, tenantId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
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
    ...overrides,
  };
}

function exchangeInput(presentedHash: string, now: number, overrides: Partial<RefreshExchangeInput> = {}): RefreshExchangeInput {
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

function sortedIds(ids: readonly string[]): string[] {
  return [...ids].sort();
}

/**
 * Registers the store contract suite for one engine.
 * @param name engine name shown in the test report
 * @param open returns a fresh, migrated, otherwise empty store
 * @param destroy closes the store and removes whatever it created
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<SessionStore>,
  destroy: (store: SessionStore) => Promise<void>,
): void {
  describe(`${name} store contract`, () => {
    let store: SessionStore;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await destroy(store);
    });

    async function givenTenant(id: string = `tenant-${newId()}`): Promise<string> {
      expect(await store.insertTenant({ id, createdAt: T0 })).toBe(true);
      return id;
    }

    async function givenUser(tenantId: string, overrides: Partial<UserRecord> = {}): Promise<UserRecord> {
      const user = newUser(overrides);
      expect(await store.insertUser(user, tenantId)).toBe(true);
      return user;
    }

    async function givenSession(
      overrides: Partial<SessionRecord> = {},
    ): Promise<{ session: SessionRecord; token: string; user: UserRecord; tenantId: string }> {
      const tenantId = overrides.tenantId ?? (await givenTenant());
      const user = overrides.userId === undefined ? await givenUser(tenantId) : await store.findUserById(overrides.userId);
      if (user === null) throw new Error('givenSession: unknown user');
      const session = newSession(user.id, tenantId, overrides);
      const token = newHash();
      await store.insertSession(session, token);
      return { session, token, user, tenantId };
    }

    describe('tenants', () => {
      it('inserts a tenant once and answers false for the same id again', async () => {
        const id = `tenant-${newId()}`;
        expect(await store.insertTenant({ id, createdAt: T0 })).toBe(true);
        expect(await store.insertTenant({ id, createdAt: T0 + 1 })).toBe(false);
        expect(await store.findTenant(id)).toEqual({ id, createdAt: T0 });
      });

      it('finds nothing for an unknown tenant', async () => {
        expect(await store.findTenant(`tenant-${newId()}`)).toBeNull();
      });

      it('lists every inserted tenant', async () => {
        const a = await givenTenant();
        const b = await givenTenant();
        const listed = await store.listTenants();
        expect(listed).toEqual(expect.arrayContaining([{ id: a, createdAt: T0 }, { id: b, createdAt: T0 }]));
      });
    });

    describe('users', () => {
      it('inserts a user, finds them by id and by email, with their first tenant', async () => {
        const tenantId = await givenTenant();
        const user = await givenUser(tenantId);
        expect(await store.findUserById(user.id)).toEqual(user);
        expect(await store.findUserByEmail(user.email)).toEqual(user);
        expect(await store.listUserTenants(user.id)).toEqual([tenantId]);
        expect(await store.isUserInTenant(user.id, tenantId)).toBe(true);
      });

      it('answers false for a second user with an email that is taken and keeps the first', async () => {
        const tenantId = await givenTenant();
        const first = await givenUser(tenantId);
        const second = newUser({ email: first.email });
        expect(await store.insertUser(second, tenantId)).toBe(false);
        expect(await store.findUserById(second.id)).toBeNull();
        expect(await store.findUserByEmail(first.email)).toEqual(first);
      });

      it('keeps the email exactly as it was stored', async () => {
        const tenantId = await givenTenant();
        const user = await givenUser(tenantId, { email: `Ada.Lovelace-${newId()}@Example.test` });
        expect((await store.findUserByEmail(user.email))?.email).toBe(user.email);
        expect((await store.findUserById(user.id))?.email).toBe(user.email);
      });

      it('finds nothing for an unknown id or email', async () => {
        expect(await store.findUserById(newId())).toBeNull();
        expect(await store.findUserByEmail(`nobody-${newId()}@example.test`)).toBeNull();
      });

      it('adds a user to another tenant once, however often asked', async () => {
        const home = await givenTenant();
        const other = await givenTenant();
        const unrelated = await givenTenant();
        const user = await givenUser(home);
        expect(await store.isUserInTenant(user.id, other)).toBe(false);
        await store.addUserToTenant(user.id, other);
        await store.addUserToTenant(user.id, other);
        expect(await store.isUserInTenant(user.id, other)).toBe(true);
        expect(await store.isUserInTenant(user.id, unrelated)).toBe(false);
        expect(sortedIds(await store.listUserTenants(user.id))).toEqual(sortedIds([home, other]));
      });

      it('updates the password hash', async () => {
        const user = await givenUser(await givenTenant());
        await store.updatePasswordHash(user.id, 'scrypt$new');
        expect((await store.findUserById(user.id))?.passwordHash).toBe('scrypt$new');
      });

      it('disables and re-enables a user', async () => {
        const user = await givenUser(await givenTenant());
        await store.setUserDisabled(user.id, T0 + 5);
        expect((await store.findUserById(user.id))?.disabledAt).toBe(T0 + 5);
        await store.setUserDisabled(user.id, null);
        expect((await store.findUserById(user.id))?.disabledAt).toBeNull();
      });
    });

    describe('sessions', () => {
      it('stores a session and reads back every field', async () => {
        const { session } = await givenSession({
          device: {
            userAgent: null,
            name: 'Unknown device',
            browser: null,
            browserVersion: null,
            os: null,
            type: 'unknown',
            label: 'Work laptop',
          },
          ip: null,
          client: 'extension',
        });
        expect(await store.findSessionById(session.id)).toEqual(session);
        const { session: other } = await givenSession();
        expect(await store.findSessionById(other.id)).toEqual(other);
      });

      it('finds nothing for an unknown session id', async () => {
        expect(await store.findSessionById(newId())).toBeNull();
        expect(await store.findSessionWithUser(newId())).toBeNull();
      });

      it('finds a session together with its user, and nothing once the session is gone', async () => {
        const { session, user } = await givenSession();
        expect(await store.findSessionWithUser(session.id)).toEqual({ session, user });
        await store.setUserDisabled(user.id, T0 + 1);
        expect((await store.findSessionWithUser(session.id))?.user.disabledAt).toBe(T0 + 1);
        await store.deleteSessionById(session.id);
        expect(await store.findSessionWithUser(session.id)).toBeNull();
      });

      it("lists only the user's live sessions", async () => {
        const { session: live, user, tenantId } = await givenSession();
        const { session: expired } = await givenSession({ userId: user.id, tenantId, expiresAt: T0 + MINUTE });
        const { session: stranger } = await givenSession({ tenantId });
        const listed = await store.listSessionsByUser(user.id, T0 + 2 * MINUTE);
        expect(listed).toEqual([live]);
        expect(listed.map((s) => s.id)).not.toContain(expired.id);
        expect(listed.map((s) => s.id)).not.toContain(stranger.id);
        // Before it expired, the expired one was listed too.
        expect(sortedIds((await store.listSessionsByUser(user.id, T0)).map((s) => s.id))).toEqual(sortedIds([live.id, expired.id]));
      });

      it('lists only one tenant when asked, and can leave one session out', async () => {
        const { session: a, user, tenantId } = await givenSession();
        const otherTenant = await givenTenant();
        await store.addUserToTenant(user.id, otherTenant);
        const { session: b } = await givenSession({ userId: user.id, tenantId: otherTenant });
        const { session: c } = await givenSession({ userId: user.id, tenantId });
        expect(sortedIds((await store.listSessionsByUser(user.id, T0)).map((s) => s.id))).toEqual(sortedIds([a.id, b.id, c.id]));
        expect(sortedIds((await store.listSessionsByUser(user.id, T0, { tenantId })).map((s) => s.id))).toEqual(sortedIds([a.id, c.id]));
        expect((await store.listSessionsByUser(user.id, T0, { tenantId: otherTenant })).map((s) => s.id)).toEqual([b.id]);
        expect(
          sortedIds((await store.listSessionsByUser(user.id, T0, { tenantId, exceptSessionId: a.id })).map((s) => s.id)),
        ).toEqual([c.id]);
      });

      it('records activity and the address it came from', async () => {
        const { session } = await givenSession();
        await store.touchSession(session.id, T0 + MINUTE, '198.51.100.23');
        const touched = await store.findSessionById(session.id);
        expect(touched?.lastActiveAt).toBe(T0 + MINUTE);
        expect(touched?.ip).toBe('198.51.100.23');
        expect(touched?.expiresAt).toBe(session.expiresAt);
      });

      it('records a fresh authentication', async () => {
        const { session } = await givenSession();
        await store.markAuthenticated(session.id, T0 + 2 * MINUTE);
        expect((await store.findSessionById(session.id))?.authenticatedAt).toBe(T0 + 2 * MINUTE);
      });

      it('sets and clears the device label', async () => {
        const { session } = await givenSession();
        await store.setSessionLabel(session.id, 'Kitchen tablet');
        expect((await store.findSessionById(session.id))?.device.label).toBe('Kitchen tablet');
        await store.setSessionLabel(session.id, null);
        expect((await store.findSessionById(session.id))?.device.label).toBeNull();
      });

      it('deletes one session and says whether it existed', async () => {
        const { session } = await givenSession();
        const { session: other } = await givenSession();
        expect(await store.deleteSessionById(session.id)).toBe(true);
        expect(await store.deleteSessionById(session.id)).toBe(false);
        expect(await store.findSessionById(session.id)).toBeNull();
        expect(await store.findSessionById(other.id)).toEqual(other);
      });

      it('deletes sessions by id and returns only those that existed', async () => {
        const { session: a } = await givenSession();
        const { session: b } = await givenSession();
        const { session: kept } = await givenSession();
        const unknown = newId();
        expect(sortedIds(await store.deleteSessionsByIds([a.id, unknown, b.id]))).toEqual(sortedIds([a.id, b.id]));
        expect(await store.deleteSessionsByIds([a.id])).toEqual([]);
        expect(await store.deleteSessionsByIds([])).toEqual([]);
        expect(await store.findSessionById(kept.id)).toEqual(kept);
      });

      describe('deleting a user’s sessions', () => {
        async function givenTwoTenantUser() {
          const { session: a, user, tenantId } = await givenSession();
          const otherTenant = await givenTenant();
          await store.addUserToTenant(user.id, otherTenant);
          const { session: b } = await givenSession({ userId: user.id, tenantId });
          const { session: c } = await givenSession({ userId: user.id, tenantId: otherTenant });
          const { session: stranger } = await givenSession({ tenantId });
          return { user, tenantId, otherTenant, a, b, c, stranger };
        }

        it('deletes them in every tenant and never touches another user', async () => {
          const { user, a, b, c, stranger } = await givenTwoTenantUser();
          expect(sortedIds(await store.deleteSessionsByUser(user.id))).toEqual(sortedIds([a.id, b.id, c.id]));
          expect(await store.listSessionsByUser(user.id, T0)).toEqual([]);
          expect(await store.findSessionById(stranger.id)).toEqual(stranger);
          expect(await store.deleteSessionsByUser(user.id)).toEqual([]);
        });

        it('deletes them in one tenant only', async () => {
          const { user, tenantId, a, b, c, stranger } = await givenTwoTenantUser();
          expect(sortedIds(await store.deleteSessionsByUser(user.id, { tenantId }))).toEqual(sortedIds([a.id, b.id]));
          expect((await store.listSessionsByUser(user.id, T0)).map((s) => s.id)).toEqual([c.id]);
          expect(await store.findSessionById(stranger.id)).toEqual(stranger);
        });

        it('spares the session making the request', async () => {
          const { user, a, b, c, stranger } = await givenTwoTenantUser();
          expect(sortedIds(await store.deleteSessionsByUser(user.id, { exceptSessionId: a.id }))).toEqual(sortedIds([b.id, c.id]));
          expect((await store.listSessionsByUser(user.id, T0)).map((s) => s.id)).toEqual([a.id]);
          expect(await store.findSessionById(stranger.id)).toEqual(stranger);
        });

        it('combines the tenant filter with sparing one session', async () => {
          const { user, tenantId, a, b, c } = await givenTwoTenantUser();
          expect(await store.deleteSessionsByUser(user.id, { tenantId, exceptSessionId: a.id })).toEqual([b.id]);
          expect(sortedIds((await store.listSessionsByUser(user.id, T0)).map((s) => s.id))).toEqual(sortedIds([a.id, c.id]));
        });
      });

      it('deletes expired sessions in bounded batches and leaves live ones', async () => {
        const { user, tenantId, session: live } = await givenSession({ expiresAt: T0 + 2 * HOUR });
        for (let i = 0; i < 5; i += 1) await givenSession({ userId: user.id, tenantId, expiresAt: T0 + i * MINUTE });
        const now = T0 + HOUR;
        expect(await store.deleteExpiredSessions(now, 2)).toBe(2);
        expect(await store.deleteExpiredSessions(now, 10)).toBe(3);
        expect(await store.deleteExpiredSessions(now, 10)).toBe(0);
        expect(await store.listSessionsByUser(user.id, T0)).toEqual([live]);
      });
    });

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
        expect(replay.result).toEqual({ outcome: 'theft', sessionId: session.id, userId: user.id, tenantId });
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
        expect(await store.deleteSessionById(session.id)).toBe(true);
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

    describe('reissuing a refresh token', () => {
      it('moves a live session to a new generation whose token works, and makes the old one rotated-out', async () => {
        const user = newUser();
        await store.insertUser(user, 'public');
        const session = newSession(user.id, 'public');
        const first = newHash();
        await store.insertSession(session, first);
        const second = newHash();
        const reissued = await store.reissueRefreshToken(session.id, second, T0 + MINUTE, KEEP_GENERATIONS);
        expect(reissued).toMatchObject({ id: session.id, refreshGeneration: session.refreshGeneration + 1, rotatedAt: T0 + MINUTE });
        const exchange = (presentedHash: string, now: number) =>
          store.exchangeRefreshToken({ presentedHash, nextHash: newHash(), now, graceMs: GRACE_MS, idleTtlMs: IDLE_TTL_MS, keepGenerations: KEEP_GENERATIONS });
        expect((await exchange(second, T0 + 2 * MINUTE)).outcome).toBe('rotated');
        expect((await exchange(first, T0 + 3 * MINUTE)).outcome).toBe('theft');
      });

      it('answers null for a session that is gone', async () => {
        expect(await store.reissueRefreshToken('no-such-session', newHash(), T0, KEEP_GENERATIONS)).toBeNull();
      });
    });

    describe('ending every session', () => {
      it('deletes every session of one tenant, or of all tenants, and says how many', async () => {
        await store.insertTenant({ id: 'everyone-t', createdAt: T0 });
        const user = newUser();
        await store.insertUser(user, 'public');
        await store.addUserToTenant(user.id, 'everyone-t');
        for (const tenantId of ['public', 'public', 'everyone-t']) await store.insertSession(newSession(user.id, tenantId), newHash());
        expect(await store.deleteAllSessions({ tenantId: 'everyone-t' })).toBe(1);
        expect(await store.listSessionsByUser(user.id, T0)).toHaveLength(2);
        expect(await store.deleteAllSessions()).toBe(2);
        expect(await store.listSessionsByUser(user.id, T0)).toEqual([]);
      });
    });

    describe('request-path lookups', () => {
      it('answers many simultaneous lookups each with its own session, null for unknown ids, and separate objects for repeats', async () => {
        const user = newUser();
        await store.insertUser(user, 'public');
        const sessions = Array.from({ length: 5 }, () => newSession(user.id, 'public'));
        for (const session of sessions) await store.insertSession(session, newHash());
        const ids = [...sessions.map((session) => session.id), 'missing', sessions[0]!.id];
        const found = await Promise.all(ids.map((id) => store.findSessionWithUser(id)));
        expect(found.map((item) => item?.session.id ?? null)).toEqual([...sessions.map((session) => session.id), null, sessions[0]!.id]);
        expect(found.every((item) => item === null || item.user.email === user.email)).toBe(true);
        expect(found[0]).not.toBe(found[6]);
        await store.deleteSessionById(sessions[1]!.id);
        expect(await store.findSessionWithUser(sessions[1]!.id)).toBeNull();
      });

      it('sees every change to the session or its user on the next lookup, whatever it remembered', async () => {
        const user = newUser();
        await store.insertUser(user, 'public');
        const session = newSession(user.id, 'public');
        await store.insertSession(session, newHash());
        expect((await store.findSessionWithUser(session.id))?.user.disabledAt).toBeNull();
        await store.touchSession(session.id, T0 + HOUR, '203.0.113.9');
        expect((await store.findSessionWithUser(session.id))?.session).toMatchObject({ lastActiveAt: T0 + HOUR, ip: '203.0.113.9' });
        await store.setUserDisabled(user.id, T0 + 2 * HOUR);
        expect((await store.findSessionWithUser(session.id))?.user.disabledAt).toBe(T0 + 2 * HOUR);
        const changed = await store.findSessionWithUser(session.id);
        changed!.session.lastActiveAt = 0;
        expect((await store.findSessionWithUser(session.id))?.session.lastActiveAt).toBe(T0 + HOUR);
      });
    });

    describe('rate limits', () => {
      const WINDOW_MS = 15 * MINUTE;

      it('counts hits in a fixed window and reports when it ends', async () => {
        const key = `signin:${newId()}`;
        expect(await store.hitRateLimit(key, T0, WINDOW_MS)).toEqual({ count: 1, resetAt: T0 + WINDOW_MS });
        expect(await store.hitRateLimit(key, T0 + MINUTE, WINDOW_MS)).toEqual({ count: 2, resetAt: T0 + WINDOW_MS });
        expect(await store.hitRateLimit(key, T0 + 2 * MINUTE, WINDOW_MS)).toEqual({ count: 3, resetAt: T0 + WINDOW_MS });
        expect(await store.peekRateLimit(key, T0 + 3 * MINUTE)).toEqual({ count: 3, resetAt: T0 + WINDOW_MS });
        expect((await store.peekRateLimit(key, T0 + 3 * MINUTE)).count).toBe(3);
      });

      it('starts a new window once the old one has ended', async () => {
        const key = `signin:${newId()}`;
        await store.hitRateLimit(key, T0, WINDOW_MS);
        await store.hitRateLimit(key, T0 + 1, WINDOW_MS);
        const later = T0 + WINDOW_MS + MINUTE;
        expect((await store.peekRateLimit(key, later)).count).toBe(0);
        expect(await store.hitRateLimit(key, later, WINDOW_MS)).toEqual({ count: 1, resetAt: later + WINDOW_MS });
      });

      it('keeps keys apart and forgets a cleared key', async () => {
        const key = `signin:${newId()}`;
        const other = `signup:${newId()}`;
        await store.hitRateLimit(key, T0, WINDOW_MS);
        await store.hitRateLimit(key, T0, WINDOW_MS);
        await store.hitRateLimit(other, T0, WINDOW_MS);
        expect((await store.peekRateLimit(other, T0)).count).toBe(1);
        await store.clearRateLimit(key);
        expect((await store.peekRateLimit(key, T0)).count).toBe(0);
        expect((await store.peekRateLimit(other, T0)).count).toBe(1);
        expect((await store.hitRateLimit(key, T0 + 1, WINDOW_MS)).count).toBe(1);
        expect((await store.peekRateLimit(`unknown:${newId()}`, T0)).count).toBe(0);
      });

      it('takes one hit back on release, never below zero, and not from a finished window', async () => {
        const key = `signin:${newId()}`;
        await store.hitRateLimit(key, T0, WINDOW_MS);
        await store.hitRateLimit(key, T0, WINDOW_MS);
        await store.releaseRateLimit(key, T0 + 1);
        expect((await store.peekRateLimit(key, T0 + 1)).count).toBe(1);
        await store.releaseRateLimit(key, T0 + 2);
        await store.releaseRateLimit(key, T0 + 3);
        expect((await store.peekRateLimit(key, T0 + 3)).count).toBe(0);
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
        expect((await store.peekRateLimit(live, after)).count).toBe(1);
      });
    });
  });
}
