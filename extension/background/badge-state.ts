import { deviceTitle } from '../../shared/format/device.ts';
import type { PublicSession } from '../../shared/schemas.ts';
import { badgeText, badgeTitle } from './badge-text.ts';
import { t } from '../../shared/i18n/index.ts';

/** What the toolbar button shows: text, its background and the tooltip. */
export interface BadgeState {
  text: string;
  colour: string;
  title: string;
}

/** The usual badge: how many other devices are signed in. */
export const COUNT_COLOUR = '#2557c9';
/** The alert: a device new to the account signed in and nobody said it was them yet. */
export const ALERT_COLOUR = '#c5221f';

/** Sessions from devices new to the account that nobody has answered for yet (never this one). */
export function unansweredNewDevices(sessions: readonly PublicSession[] | null): PublicSession[] {
  return (sessions ?? []).filter((session) => session.newDevice && !session.current);
}

/**
 * The badge for a session list: "!" on red with a tooltip naming the device while a new device
 * waits for "Was this you?", else the count of other devices on blue (nothing for none).
 */
export function badgeState(sessions: readonly PublicSession[] | null): BadgeState {
  const waiting = unansweredNewDevices(sessions);
  const [first] = waiting;
  if (first) {
    const what = waiting.length === 1 ? t.newSignInOn(deviceTitle(first)) : t.newSignIns(waiting.length);
    return { text: '!', colour: ALERT_COLOUR, title: t.openToReview(what) };
  }
  const text = badgeText(sessions);
  return { text, colour: COUNT_COLOUR, title: badgeTitle(sessions) };
}
