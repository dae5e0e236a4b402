/** Store work for known devices (issue 12), one generator per DeviceStore method. */
import type { KnownDeviceRecord } from '../session/records.ts';
import type { Work } from './driver.ts';
import { get, run } from './driver.ts';
import { knownDeviceFromRow } from './rows.ts';
import type { KnownDeviceRow } from './rows.ts';

export function* findKnownDevice(userId: string, secretHash: string): Work<KnownDeviceRecord | null> {
  const row = yield* get<KnownDeviceRow>(
    `SELECT id, user_id, secret_hash, label, created_at, last_seen_at FROM devices
     WHERE user_id = ? AND secret_hash = ?`,
    userId,
    secretHash,
  );
  return row === undefined ? null : knownDeviceFromRow(row);
}

export function* insertKnownDevice(device: KnownDeviceRecord, keepPerUser: number): Work<void> {
  yield* run(
    'INSERT INTO devices (id, user_id, secret_hash, label, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
    device.id,
    device.userId,
    device.secretHash,
    device.label,
    device.createdAt,
    device.lastSeenAt,
  );
  // A client that never sends its device secret back (a script) makes a device per sign-in: bounded.
  yield* run(
    `DELETE FROM devices WHERE user_id = ? AND id NOT IN (
       SELECT id FROM devices WHERE user_id = ? ORDER BY last_seen_at DESC, id LIMIT ?)`,
    device.userId,
    device.userId,
    keepPerUser,
  );
}

export function* touchKnownDevice(id: string, lastSeenAt: number): Work<void> {
  yield* run('UPDATE devices SET last_seen_at = ? WHERE id = ?', lastSeenAt, id);
}

export function* labelDevice(sessionId: string, deviceId: string | null, label: string | null): Work<void> {
  if (deviceId === null) {
    yield* run('UPDATE sessions SET label = ? WHERE id = ?', label, sessionId);
    return;
  }
  yield* run('UPDATE devices SET label = ? WHERE id = ?', label, deviceId);
  yield* run('UPDATE sessions SET label = ? WHERE device_id = ?', label, deviceId);
}

export function* acknowledgeSession(id: string): Work<void> {
  yield* run('UPDATE sessions SET new_device = 0 WHERE id = ?', id);
}

export function* hasSessionFromCountry(userId: string, countryCode: string, exceptSessionId: string): Work<boolean> {
  const row = yield* get<{ found: unknown }>(
    'SELECT 1 AS found FROM sessions WHERE user_id = ? AND country_code = ? AND id <> ? LIMIT 1',
    userId,
    countryCode,
    exceptSessionId,
  );
  return row !== undefined;
}

export function* userHasKnownDevice(userId: string): Work<boolean> {
  const sql = 'SELECT 1 AS found FROM devices WHERE user_id = ? LIMIT 1';
  return (yield* get<{ found: unknown }>(sql, userId)) !== undefined;
}
