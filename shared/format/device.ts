/**
 * How a device is named for people. The user's own label wins over the parsed name; the details
 * line adds what the name leaves out.
 */
import type { DeviceType, PublicSession } from '../schemas.ts';
import { t } from '../i18n/index.ts';

/** "Chrome on Windows", or the label the person gave the device. */
export function deviceTitle(session: Pick<PublicSession, 'device'>): string {
  return session.device.label?.trim() || session.device.name;
}

/** "Computer", "Phone", …: the device type in words. */
export function deviceTypeName(type: DeviceType): string {
  return t.deviceTypes[type];
}

/** "Chrome 131 · Windows": browser with version, then operating system, each when known. */
export function deviceDetails(session: PublicSession): string {
  const { browser, browserVersion, os } = session.device;
  const browserText = browser ? [browser, browserVersion].filter(Boolean).join(' ') : null;
  return [browserText, os].filter(Boolean).join(' · ');
}

/**
 * Current session first, then by last activity, newest first, then by id so that the order is
 * the same every time (the server sends this order; sorting again keeps the UI right after local
 * changes).
 */
export function sortSessions(sessions: readonly PublicSession[]): PublicSession[] {
  return [...sessions].sort((a, b) => {
    if (a.current !== b.current) return a.current ? -1 : 1;
    return Date.parse(b.lastActiveAt) - Date.parse(a.lastActiveAt) || a.id.localeCompare(b.id);
  });
}

/** The list after `renamed` (the server's copy) got its name: every session on the same device shows it. */
export function renamedDevice(sessions: readonly PublicSession[], renamed: PublicSession): PublicSession[] {
  const sameDevice = (session: PublicSession): boolean =>
    session.id === renamed.id || (renamed.deviceId !== null && session.deviceId === renamed.deviceId);
  return sessions.map((session) =>
    sameDevice(session) ? { ...session, device: { ...session.device, label: renamed.device.label } } : session,
  );
}
