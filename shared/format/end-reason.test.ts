import { describe, expect, it } from 'vitest';
import type { EndReason } from '../schemas.ts';
import { describeEndReason, signedOutNotice } from './end-reason.ts';

describe('describeEndReason', () => {
  it.each<[EndReason, string]>([
    ['signed_out', 'Signed out on that device'],
    ['password_changed', 'Ended when the password was changed'],
    ['expired', 'Expired'],
    ['theft_detected', 'Ended: someone reused an old sign-in token'],
    ['ended_by_operator', 'Signed out by an administrator'],
    ['user_disabled', 'Ended when the account was disabled'],
    ['session_limit', 'Ended to make room: too many devices were signed in'],
  ])('words %s', (endReason, words) => {
    expect(describeEndReason({ endReason, endedBy: null })).toBe(words);
  });

  it('names the device that ended the session', () => {
    const endedBy = { sessionId: 'sess-a', deviceName: 'Chrome on Windows' };
    expect(describeEndReason({ endReason: 'ended_by_user', endedBy })).toBe('Signed out from Chrome on Windows');
  });

  it('says "another device" when the ending device is not known', () => {
    expect(describeEndReason({ endReason: 'ended_by_user', endedBy: null })).toBe('Signed out from another device');
    const endedBy = { sessionId: null, deviceName: '  ' };
    expect(describeEndReason({ endReason: 'ended_by_user', endedBy })).toBe('Signed out from another device');
  });
});

describe('signedOutNotice', () => {
  it('tells the ended device why, and what to do', () => {
    const endedBy = { sessionId: 'sess-a', deviceName: 'Chrome on Windows' };
    expect(signedOutNotice({ endReason: 'ended_by_user', endedBy })).toBe(
      'Signed out from Chrome on Windows. Sign in again.',
    );
    expect(signedOutNotice({ endReason: 'expired', endedBy: null })).toBe('Expired. Sign in again.');
  });

  it('speaks of another tab when this very session signed out elsewhere', () => {
    expect(signedOutNotice({ endReason: 'signed_out', endedBy: null })).toBe(
      'You signed out in another tab or window. Sign in again.',
    );
  });
});
