import { describe, expect, it } from 'vitest';
import { fakeSession } from '../client/fake-api-client.ts';
import { browserAndOs, placeOf } from './session-facts.ts';

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
});
