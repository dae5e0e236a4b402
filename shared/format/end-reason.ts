/**
 * Why a session ended, in words: for the history ("Recently signed out") and for the screen a
 * device shows when its own session ended while it was open.
 */
import type { EndReason, EndedSession } from '../schemas.ts';

/** What the sentence needs: the reason, and for `ended_by_user` the device that did it. */
export type SessionEnding = Pick<EndedSession, 'endReason' | 'endedBy'>;

const WORDS: Record<Exclude<EndReason, 'ended_by_user'>, string> = {
  signed_out: 'Signed out on that device',
  password_changed: 'Ended when the password was changed',
  expired: 'Expired',
  theft_detected: 'Ended: someone reused an old sign-in token',
  ended_by_operator: 'Signed out by an administrator',
  user_disabled: 'Ended when the account was disabled',
  session_limit: 'Ended to make room: too many devices were signed in',
};

/** "Signed out from Chrome on Windows", "Expired", …: why a session ended, without a full stop. */
export function describeEndReason({ endReason, endedBy }: SessionEnding): string {
  if (endReason !== 'ended_by_user') return WORDS[endReason];
  const deviceName = endedBy?.deviceName?.trim();
  return deviceName ? `Signed out from ${deviceName}` : 'Signed out from another device';
}

/** The sentence on the sign-in form of a device whose open page learnt that its session ended. */
export function signedOutNotice(ending: SessionEnding): string {
  if (ending.endReason === 'signed_out') return 'You signed out in another tab or window. Sign in again.';
  return `${describeEndReason(ending)}. Sign in again.`;
}
