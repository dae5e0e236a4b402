import { describe, expect, it } from 'vitest';
import { fakeSession } from '../client/fake-api-client.ts';
import { describeNewSignIn, signedInWhen } from './new-sign-in.ts';

const nowMs = Date.parse('2026-12-01T12:00:00.000Z');
const berlin = { countryCode: 'DE', country: 'Germany', city: 'Berlin', name: 'Berlin, Germany' };
const firefox = fakeSession('sess-new', {
  deviceName: 'Firefox on Windows',
  createdAt: '2026-12-01T11:59:50.000Z',
  location: berlin,
  newDevice: true,
});

describe('the new sign-in sentence', () => {
  it('says which device, where and when, and asks', () => {
    expect(describeNewSignIn(firefox, false, nowMs)).toBe(
      'New sign-in: Firefox on Windows · Berlin, Germany · just now. Was this you?',
    );
  });

  it('says when the country is one the account has not used before', () => {
    expect(describeNewSignIn(firefox, true, nowMs)).toBe(
      'New sign-in from a country you have not used before: Firefox on Windows · Berlin, Germany · just now. ' +
        'Was this you?',
    );
  });

  it('puts the device’s name first and falls back to the address without a place', () => {
    const named = { ...firefox, location: null, device: { ...firefox.device, label: 'Work laptop' } };
    expect(describeNewSignIn(named, false, nowMs)).toBe(
      'New sign-in: Work laptop · 203.0.113.7 · just now. Was this you?',
    );
    expect(describeNewSignIn({ ...named, ip: null }, false, nowMs)).toBe(
      'New sign-in: Work laptop · just now. Was this you?',
    );
  });

  it('says how long ago once it is more than a minute old', () => {
    expect(signedInWhen('2026-12-01T11:59:01.000Z', nowMs, 'en')).toBe('just now');
    expect(signedInWhen('2026-12-01T11:55:00.000Z', nowMs, 'en')).toBe('5 minutes ago');
  });
});
