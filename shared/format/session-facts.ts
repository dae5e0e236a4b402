/**
 * What a session row says, each fact once: the device (its name, or "Chrome on Linux"), then
 * what the name leaves out — "Chrome 156 · Linux" for a named device, where it was ("Berlin,
 * Germany · 81.2.69.142"). The row (SessionRow.tsx) draws the time line itself, with <time> elements.
 */
import type { PublicSession } from '../schemas.ts';

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
