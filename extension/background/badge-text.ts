import type { PublicSession } from '../../shared/schemas.ts';
import { t } from '../../shared/i18n/index.ts';

/** Above this many other devices the badge shows `9+`: the toolbar has room for two characters. */
export const BADGE_MAX_COUNT = 9;

/**
 * The toolbar badge for a session list: how many *other* devices are signed in. Empty when
 * there are none or nobody is signed in (`null`), so the badge only speaks up when there is
 * something to look at.
 */
export function badgeText(sessions: readonly Pick<PublicSession, 'current'>[] | null): string {
  if (sessions === null) return '';
  const others = sessions.filter((session) => !session.current).length;
  if (others === 0) return '';
  return others > BADGE_MAX_COUNT ? `${BADGE_MAX_COUNT}+` : String(others);
}

/**
 * What the badge's number counts, as its tooltip says and the popup's header repeats:
 * "3 other devices signed in". Said for no one signed in and for no other device too.
 */
export function badgeTitle(sessions: readonly Pick<PublicSession, 'current'>[] | null): string {
  if (sessions === null) return t.notSignedInTitle;
  const others = sessions.filter((session) => !session.current).length;
  if (others === 0) return t.onlyThisDeviceSignedIn;
  return t.otherDevicesSignedIn(others);
}
