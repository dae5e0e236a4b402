/**
 * Why a session ended, in words: for the history ("Recently signed out") and for the screen a
 * device shows when its own session ended while it was open.
 */
import type { EndReason, EndedSession } from '../schemas.ts';
import { t } from '../i18n/index.ts';

/** What the sentence needs: the reason, and for `ended_by_user` the device that did it. */
export type SessionEnding = Pick<EndedSession, 'endReason' | 'endedBy'>;

// The catalog words every reason but `ended_by_user`, which names the device that did it.
const WORDS = (): Record<Exclude<EndReason, 'ended_by_user'>, string> => t.endReasons;

/** "Signed out from Chrome on Windows", "Expired", …: why a session ended, without a full stop. */
export function describeEndReason({ endReason, endedBy }: SessionEnding): string {
  if (endReason !== 'ended_by_user') return WORDS()[endReason];
  const deviceName = endedBy?.deviceName?.trim();
  return deviceName ? t.signedOutFrom(deviceName) : t.signedOutFromAnother;
}

/** The sentence on the sign-in form of a device whose open page learnt that its session ended. */
export function signedOutNotice(ending: SessionEnding): string {
  if (ending.endReason === 'signed_out') return t.signedOutInAnotherTab;
  return t.endedSignInAgain(describeEndReason(ending));
}
