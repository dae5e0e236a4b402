/**
 * Known devices (issue 12): found only by their user and secret hash, their names carried to every
 * session on them (live or ended), acknowledgement, and the countries an account signed in from.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { KnownDeviceRecord } from '../../session/records.ts';
import type { ContractFixture } from './fixture.ts';
import { BY_OPERATOR, MINUTE, T0, newHash, newId } from './fixture.ts';

function newDevice(userId: string, overrides: Partial<KnownDeviceRecord> = {}): KnownDeviceRecord {
  return { id: newId(), userId, secretHash: newHash(), label: null, createdAt: T0, lastSeenAt: T0, ...overrides };
}

export function describeDeviceContract(fixture: ContractFixture): void {
  let store: ContractFixture['store'];
  beforeEach(() => {
    store = fixture.store;
  });
  const givenSession = fixture.givenSession.bind(fixture);

  describe('known devices', () => {
    it('finds a device by its user and secret hash only, and records when it was last seen', async () => {
      const { user, tenantId } = await givenSession();
      const other = await fixture.givenUser(tenantId);
      expect(await store.userHasKnownDevice(user.id)).toBe(false);
      const device = newDevice(user.id);
      await store.insertKnownDevice(device, 10);
      expect(await store.userHasKnownDevice(user.id)).toBe(true);
      expect(await store.findKnownDevice(user.id, device.secretHash)).toEqual(device);
      expect(await store.findKnownDevice(other.id, device.secretHash)).toBeNull();
      expect(await store.findKnownDevice(user.id, newHash())).toBeNull();
      expect(await store.userHasKnownDevice(other.id)).toBe(false);
      await store.touchKnownDevice(device.id, T0 + MINUTE);
      expect(await store.findKnownDevice(user.id, device.secretHash)).toEqual({ ...device, lastSeenAt: T0 + MINUTE });
    });

    it('lets two users hold devices with the same secret hash, each its own', async () => {
      const { user, tenantId } = await givenSession();
      const other = await fixture.givenUser(tenantId);
      const mine = newDevice(user.id);
      const theirs = newDevice(other.id, { secretHash: mine.secretHash });
      await store.insertKnownDevice(mine, 10);
      await store.insertKnownDevice(theirs, 10);
      expect((await store.findKnownDevice(user.id, mine.secretHash))?.id).toBe(mine.id);
      expect((await store.findKnownDevice(other.id, mine.secretHash))?.id).toBe(theirs.id);
    });

    it('forgets a user’s least recently seen devices beyond the limit, and nobody else’s', async () => {
      const { user, tenantId } = await givenSession();
      const other = await fixture.givenUser(tenantId);
      const theirs = newDevice(other.id, { lastSeenAt: T0 - 1 });
      await store.insertKnownDevice(theirs, 2);
      const first = newDevice(user.id, { lastSeenAt: T0 });
      const second = newDevice(user.id, { lastSeenAt: T0 + 1 });
      const third = newDevice(user.id, { lastSeenAt: T0 + 2 });
      for (const device of [first, second]) await store.insertKnownDevice(device, 2);
      await store.touchKnownDevice(first.id, T0 + 3);
      await store.insertKnownDevice(third, 2);
      expect(await store.findKnownDevice(user.id, second.secretHash)).toBeNull();
      expect((await store.findKnownDevice(user.id, first.secretHash))?.id).toBe(first.id);
      expect((await store.findKnownDevice(user.id, third.secretHash))?.id).toBe(third.id);
      expect((await store.findKnownDevice(other.id, theirs.secretHash))?.id).toBe(theirs.id);
    });

    it('keeps a session’s device id, new-device flag and country', async () => {
      const { user, tenantId } = await givenSession();
      const device = newDevice(user.id);
      await store.insertKnownDevice(device, 10);
      const { session } = await givenSession({
        userId: user.id,
        tenantId,
        deviceId: device.id,
        newDevice: true,
        countryCode: 'DE',
      });
      expect(await store.findSessionById(session.id)).toEqual(session);
      expect((await store.findSessionWithUser(session.id))?.session).toEqual(session);
      await store.acknowledgeSession(session.id);
      expect(await store.findSessionById(session.id)).toEqual({ ...session, newDevice: false });
    });

    it('names a device on its row and on every session on it, live or ended, and nothing else', async () => {
      const { session: elsewhere, user, tenantId } = await givenSession();
      const device = newDevice(user.id);
      await store.insertKnownDevice(device, 10);
      const onDevice = { userId: user.id, tenantId, deviceId: device.id };
      const { session: first } = await givenSession(onDevice);
      const { session: ended } = await givenSession(onDevice);
      await store.endSessions({ ids: [ended.id] }, BY_OPERATOR);
      await store.labelDevice(first.id, device.id, 'Work laptop');
      expect((await store.findKnownDevice(user.id, device.secretHash))?.label).toBe('Work laptop');
      expect((await store.findSessionById(first.id))?.device.label).toBe('Work laptop');
      expect((await store.findSessionById(elsewhere.id))?.device.label).toBeNull();
      const history = await store.listEndedSessions({ userId: user.id, tenantId, endedAfter: 0, limit: 10 });
      expect(history.map((item) => item.device.label)).toEqual(['Work laptop']);
      await store.labelDevice(first.id, device.id, null);
      expect((await store.findSessionById(first.id))?.device.label).toBeNull();
      // A session with no device (made by an operator) is named alone.
      await store.labelDevice(elsewhere.id, null, 'Server script');
      expect((await store.findSessionById(elsewhere.id))?.device.label).toBe('Server script');
      expect((await store.findSessionById(first.id))?.device.label).toBeNull();
    });

    it('stores a name as the text it is: markup, quotes and any script', async () => {
      const { session } = await givenSession();
      const label = `<b>'; DROP TABLE sessions; --</b> 工作 🙂 مرحبا`;
      await store.labelDevice(session.id, null, label);
      expect((await store.findSessionById(session.id))?.device.label).toBe(label);
    });

    it('tells whether any other session of the user, live or ended, began in a country', async () => {
      const { session, user, tenantId } = await givenSession({ countryCode: 'DE' });
      const { session: current } = await givenSession({ userId: user.id, tenantId, countryCode: 'US' });
      const stranger = await givenSession({ countryCode: 'FR' });
      expect(await store.hasSessionFromCountry(user.id, 'DE', current.id)).toBe(true);
      expect(await store.hasSessionFromCountry(user.id, 'US', current.id)).toBe(false);
      expect(await store.hasSessionFromCountry(user.id, 'FR', current.id)).toBe(false);
      await store.endSessions({ ids: [session.id] }, BY_OPERATOR);
      expect(await store.hasSessionFromCountry(user.id, 'DE', current.id)).toBe(true);
      expect(await store.hasSessionFromCountry(stranger.user.id, 'FR', stranger.session.id)).toBe(false);
    });
  });
}
