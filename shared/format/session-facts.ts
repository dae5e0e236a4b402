/**
 * What a session row says, each fact once: the device (its name, or "Chrome on Linux"), then
 * what the name leaves out — "Chrome 156 · Linux" for a named device, where it was ("Berlin,
 * Germany · 81.2.69.142"), and one time line ("Active now · signed in 2 minutes ago").
 */
import type { PublicSession } from '../schemas.ts';
import { formatLastActive, formatRelativeTime } from './relative-time.ts';
import { t } from '../i18n/index.ts';

/** "Chrome 156 · Linux": the browser with its major version (156.0.0.0 is noise), then the OS. */
export function browserAndOs(session: Pick<PublicSession, 'device'>): string {
  const { browser, browserVersion, os } = session.device;
  const major = browserVersion?.split('.')[0] ?? null;
  const browserText = browser ? [browser, major].filter(Boolean).join(' ') : null;
  return [browserText, os].filter(Boolean).join(' · ');
}

/** Whether the person named this device (its name then comes first, the browser under it). */
export function isNamed(session: Pick<PublicSession, 'device'>): boolean {
  return Boolean(session.device.label?.trim());
}

/** "Berlin, Germany · 81.2.69.142", "Local network · 127.0.0.1", or just the address; null when neither is known. */
export function placeOf(session: Pick<PublicSession, 'location' | 'ip'>, withAddress = true): string | null {
  const parts = [session.location?.name ?? null, withAddress ? session.ip : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** "Active now · signed in 2 minutes ago", or "Active 3 hours ago · signed in 2 days ago". */
export function timeLine(
  session: Pick<PublicSession, 'current' | 'lastActiveAt' | 'createdAt'>,
  nowMs: number,
): string {
  const lastActive = session.current ? t.activeNow : formatLastActive(session.lastActiveAt, nowMs);
  const active = lastActive === t.activeNow ? lastActive : `${t.active} ${lastActive}`;
  return `${active} · ${t.signedIn} ${formatRelativeTime(session.createdAt, nowMs)}`;
}

/** The popup's one line under the name: where (without the address) or the browser, and when. */
export function compactLine(session: PublicSession, nowMs: number): string {
  const what = isNamed(session) ? session.device.name : placeOf(session, false);
  const when = session.current ? t.activeNow : formatLastActive(session.lastActiveAt, nowMs);
  return [what, when].filter(Boolean).join(' · ');
}
