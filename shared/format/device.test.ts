import { describe, expect, it } from 'vitest';
import { deviceDetails, deviceTitle, sortSessions } from './device.ts';
import type { PublicSession } from '../schemas.ts';

function session(id: string, overrides: Partial<PublicSession> = {}): PublicSession {
  return {
    id,
    current: false,
    tenantId: 'public',
    createdAt: '2026-11-27T10:00:00.000Z',
    lastActiveAt: '2026-11-27T10:00:00.000Z',
    expiresAt: '2026-12-27T10:00:00.000Z',
    device: {
      name: 'Chrome on Windows',
      browser: 'Chrome',
      browserVersion: '131',
      os: 'Windows',
      type: 'desktop',
      label: null,
    },
    ip: null,
    client: 'web',
    deviceId: null,
    location: null,
    newDevice: false,
    ...overrides,
  };
}

describe('device naming', () => {
  it('prefers the label the person gave the device', () => {
    expect(deviceTitle(session('a'))).toBe('Chrome on Windows');
    expect(deviceTitle(session('a', { device: { ...session('a').device, label: 'Work laptop' } }))).toBe('Work laptop');
  });

  it('lists browser with version and the operating system, skipping what is unknown', () => {
    expect(deviceDetails(session('a'))).toBe('Chrome 131 · Windows');
    const unknown = session('b', {
      device: {
        name: 'Unknown device',
        browser: null,
        browserVersion: null,
        os: 'Linux',
        type: 'unknown',
        label: null,
      },
    });
    expect(deviceDetails(unknown)).toBe('Linux');
  });

  it('puts the current device first, then the most recently active', () => {
    const sorted = sortSessions([
      session('old', { lastActiveAt: '2026-11-20T10:00:00.000Z' }),
      session('new', { lastActiveAt: '2026-11-27T11:00:00.000Z' }),
      session('me', { current: true, lastActiveAt: '2026-11-01T10:00:00.000Z' }),
    ]);
    expect(sorted.map((s) => s.id)).toEqual(['me', 'new', 'old']);
  });
});
