/** Sessions: insert, find, list the live ones, touch, end by selector, sweep, and the request-path lookup. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContractFixture } from './fixture.ts';
import { BY_OPERATOR, T0, MINUTE, HOUR, newId, newHash, newUser, newSession, sortedIds } from './fixture.ts';

/** The ids of ended sessions, sorted. */
function idsOf(ended: readonly { id: string }[]): string[] {
  return sortedIds(ended.map((session) => session.id));
}

export function describeSessionContract(fixture: ContractFixture): void {
  let store: ContractFixture['store'];
  beforeEach(() => {
    store = fixture.store;
  });
  const givenTenant = fixture.givenTenant.bind(fixture);
  const givenSession = fixture.givenSession.bind(fixture);

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
      await store.endSessions({ ids: [session.id] }, BY_OPERATOR);
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
      expect(sortedIds((await store.listSessionsByUser(user.id, T0)).map((s) => s.id))).toEqual(
        sortedIds([live.id, expired.id]),
      );
    });

    it('lists only one tenant when asked, and can leave one session out', async () => {
      const { session: a, user, tenantId } = await givenSession();
      const otherTenant = await givenTenant();
      await store.addUserToTenant(user.id, otherTenant);
      const { session: b } = await givenSession({ userId: user.id, tenantId: otherTenant });
      const { session: c } = await givenSession({ userId: user.id, tenantId });
      expect(sortedIds((await store.listSessionsByUser(user.id, T0)).map((s) => s.id))).toEqual(
        sortedIds([a.id, b.id, c.id]),
      );
      expect(sortedIds((await store.listSessionsByUser(user.id, T0, { tenantId })).map((s) => s.id))).toEqual(
        sortedIds([a.id, c.id]),
      );
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

    it('keeps the device label it was given', async () => {
      const { session } = await givenSession();
      const { session: labelled } = await givenSession({ device: { ...session.device, label: 'Kitchen tablet' } });
      expect((await store.findSessionById(session.id))?.device.label).toBeNull();
      expect((await store.findSessionById(labelled.id))?.device.label).toBe('Kitchen tablet');
    });

    it('deletes one session and says whether it existed, and whose it was', async () => {
      const { session } = await givenSession();
      const { session: other } = await givenSession();
      const ended = { id: session.id, userId: session.userId, tenantId: session.tenantId };
      expect(await store.endSessions({ ids: [session.id] }, BY_OPERATOR)).toEqual([ended]);
      expect(await store.endSessions({ ids: [session.id] }, BY_OPERATOR)).toEqual([]);
      expect(await store.findSessionById(session.id)).toBeNull();
      expect(await store.findSessionById(other.id)).toEqual(other);
    });

    it('deletes sessions by id and returns only those that existed', async () => {
      const { session: a } = await givenSession();
      const { session: b } = await givenSession();
      const { session: kept } = await givenSession();
      const unknown = newId();
      expect(idsOf(await store.endSessions({ ids: [a.id, unknown, b.id, a.id] }, BY_OPERATOR))).toEqual(
        sortedIds([a.id, b.id]),
      );
      expect(await store.endSessions({ ids: [a.id] }, BY_OPERATOR)).toEqual([]);
      expect(await store.endSessions({ ids: [] }, BY_OPERATOR)).toEqual([]);
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
        expect(idsOf(await store.endSessions({ userId: user.id }, BY_OPERATOR))).toEqual(sortedIds([a.id, b.id, c.id]));
        expect(await store.listSessionsByUser(user.id, T0)).toEqual([]);
        expect(await store.findSessionById(stranger.id)).toEqual(stranger);
        expect(await store.endSessions({ userId: user.id }, BY_OPERATOR)).toEqual([]);
      });

      it('deletes them in one tenant only', async () => {
        const { user, tenantId, a, b, c, stranger } = await givenTwoTenantUser();
        expect(idsOf(await store.endSessions({ userId: user.id, tenantId }, BY_OPERATOR))).toEqual(
          sortedIds([a.id, b.id]),
        );
        expect((await store.listSessionsByUser(user.id, T0)).map((s) => s.id)).toEqual([c.id]);
        expect(await store.findSessionById(stranger.id)).toEqual(stranger);
      });

      it('spares the session making the request', async () => {
        const { user, a, b, c, stranger } = await givenTwoTenantUser();
        expect(idsOf(await store.endSessions({ userId: user.id, exceptSessionId: a.id }, BY_OPERATOR))).toEqual(
          sortedIds([b.id, c.id]),
        );
        expect((await store.listSessionsByUser(user.id, T0)).map((s) => s.id)).toEqual([a.id]);
        expect(await store.findSessionById(stranger.id)).toEqual(stranger);
      });

      it('combines the tenant filter with sparing one session', async () => {
        const { user, tenantId, a, b, c } = await givenTwoTenantUser();
        expect(
          idsOf(await store.endSessions({ userId: user.id, tenantId, exceptSessionId: a.id }, BY_OPERATOR)),
        ).toEqual([b.id]);
        expect(sortedIds((await store.listSessionsByUser(user.id, T0)).map((s) => s.id))).toEqual(
          sortedIds([a.id, c.id]),
        );
      });
    });

    it('ends expired sessions in bounded batches, as expired at their expiry, and leaves live ones', async () => {
      const { user, tenantId, session: live } = await givenSession({ expiresAt: T0 + 2 * HOUR });
      for (let i = 0; i < 5; i += 1) await givenSession({ userId: user.id, tenantId, expiresAt: T0 + i * MINUTE });
      const now = T0 + HOUR;
      expect(await store.endExpiredSessions(now, 2)).toHaveLength(2);
      expect(await store.endExpiredSessions(now, 10)).toHaveLength(3);
      expect(await store.endExpiredSessions(now, 10)).toEqual([]);
      expect(await store.listSessionsByUser(user.id, T0)).toEqual([live]);
      const history = await store.listEndedSessions({ userId: user.id, tenantId, endedAfter: 0, limit: 10 });
      expect(history.map((session) => [session.end.reason, session.end.at])).toEqual(
        [4, 3, 2, 1, 0].map((i) => ['expired', T0 + i * MINUTE]),
      );
    });
  });
  describe('ending every session', () => {
    it('deletes every session of one tenant, or of all tenants, and says how many', async () => {
      await store.insertTenant({ id: 'everyone-t', createdAt: T0 });
      const user = newUser();
      await store.insertUser(user, 'public');
      await store.addUserToTenant(user.id, 'everyone-t');
      for (const tenantId of ['public', 'public', 'everyone-t'])
        await store.insertSession(newSession(user.id, tenantId), newHash());
      expect(await store.endSessions({ everyone: true, tenantId: 'everyone-t' }, BY_OPERATOR)).toHaveLength(1);
      expect(await store.listSessionsByUser(user.id, T0)).toHaveLength(2);
      expect(await store.endSessions({ everyone: true }, BY_OPERATOR)).toHaveLength(2);
      expect(await store.listSessionsByUser(user.id, T0)).toEqual([]);
    });
  });
  describe('request-path lookups', () => {
    it('answers concurrent lookups: each its own session, null for unknown ids, new objects for repeats', async () => {
      const user = newUser();
      await store.insertUser(user, 'public');
      const sessions = Array.from({ length: 5 }, () => newSession(user.id, 'public'));
      for (const session of sessions) await store.insertSession(session, newHash());
      const ids = [...sessions.map((session) => session.id), 'missing', sessions[0]!.id];
      const found = await Promise.all(ids.map((id) => store.findSessionWithUser(id)));
      expect(found.map((item) => item?.session.id ?? null)).toEqual([
        ...sessions.map((session) => session.id),
        null,
        sessions[0]!.id,
      ]);
      expect(found.every((item) => item === null || item.user.email === user.email)).toBe(true);
      expect(found[0]).not.toBe(found[6]);
      await store.endSessions({ ids: [sessions[1]!.id] }, BY_OPERATOR);
      expect(await store.findSessionWithUser(sessions[1]!.id)).toBeNull();
    });

    it('sees every change to the session or its user on the next lookup, whatever it remembered', async () => {
      const user = newUser();
      await store.insertUser(user, 'public');
      const session = newSession(user.id, 'public');
      await store.insertSession(session, newHash());
      expect((await store.findSessionWithUser(session.id))?.user.disabledAt).toBeNull();
      await store.touchSession(session.id, T0 + HOUR, '203.0.113.9');
      expect((await store.findSessionWithUser(session.id))?.session).toMatchObject({
        lastActiveAt: T0 + HOUR,
        ip: '203.0.113.9',
      });
      await store.setUserDisabled(user.id, T0 + 2 * HOUR);
      expect((await store.findSessionWithUser(session.id))?.user.disabledAt).toBe(T0 + 2 * HOUR);
      const changed = await store.findSessionWithUser(session.id);
      changed!.session.lastActiveAt = 0;
      expect((await store.findSessionWithUser(session.id))?.session.lastActiveAt).toBe(T0 + HOUR);
    });
  });
}
