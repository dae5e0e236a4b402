import { describe, expect, it } from 'vitest';
import { fakeSession } from '../client/fake-api-client.ts';
import { deviceCount, groupByDevice } from './device-groups.ts';

describe('grouping sessions by device', () => {
  it('moves a device’s later sessions under its first, marked, and keeps the rest in order', () => {
    const sessions = [
      fakeSession('me', { current: true, deviceId: 'dev-a' }),
      fakeSession('phone', { deviceId: 'dev-b' }),
      fakeSession('me-extension', { deviceId: 'dev-a', client: 'extension' }),
      fakeSession('api', { deviceId: null }),
    ];
    const grouped = groupByDevice(sessions);
    expect(grouped.map((entry) => entry.session.id)).toEqual(['me', 'me-extension', 'phone', 'api']);
    expect(grouped.map((entry) => entry.sameDeviceAsAbove)).toEqual([false, true, false, false]);
    expect(deviceCount(sessions)).toBe(3);
  });

  it('counts each session without a device id as a device of its own', () => {
    expect(deviceCount([fakeSession('a'), fakeSession('b')])).toBe(2);
  });
});
