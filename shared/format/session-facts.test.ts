import { describe, expect, it } from 'vitest';
import { fakeSession } from '../client/fake-api-client.ts';
import { browserAndOs, compactLine, placeOf, timeLine } from './session-facts.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const berlin = { countryCode: 'DE', country: 'Germany', city: 'Berlin', name: 'Berlin, Germany' };

describe('session facts', () => {
  it('gives the browser its major version only', () => {
    const session = fakeSession('a', {
      device: { ...fakeSession('x').device, browser: 'Chrome', browserVersion: '156.0.0.0', os: 'Linux' },
    });
    expect(browserAndOs(session)).toBe('Chrome 156 · Linux');
  });

  it('says where, with the address, when the location is known', () => {
    expect(placeOf(fakeSession('a', { location: berlin, ip: '81.2.69.142' }))).toBe('Berlin, Germany · 81.2.69.142');
    expect(placeOf(fakeSession('a', { location: null, ip: '81.2.69.142' }))).toBe('81.2.69.142');
    expect(placeOf(fakeSession('a', { location: null, ip: null }))).toBeNull();
  });

  it('says "Active now" once, then when the device signed in', () => {
    const createdAt = new Date(NOW - 2 * 60_000).toISOString();
    expect(timeLine(fakeSession('a', { current: true, createdAt }), NOW)).toBe('Active now · signed in 2 minutes ago');
    const other = fakeSession('b', { lastActiveAt: new Date(NOW - 3 * 3600_000).toISOString(), createdAt });
    expect(timeLine(other, NOW)).toBe('Active 3 hours ago · signed in 2 minutes ago');
  });

  it('keeps the popup line short: place and time, or the browser under a named device', () => {
    const lastActiveAt = new Date(NOW - 5 * 60_000).toISOString();
    expect(compactLine(fakeSession('a', { location: berlin, lastActiveAt }), NOW)).toBe(
      'Berlin, Germany · 5 minutes ago',
    );
    const named = fakeSession('b', { lastActiveAt, device: { ...fakeSession('x').device, label: 'Work laptop' } });
    expect(compactLine(named, NOW)).toBe('Chrome on Windows · 5 minutes ago');
  });
});
