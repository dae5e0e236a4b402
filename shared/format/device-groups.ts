/**
 * Sessions of one device (the same `deviceId`: a browser profile) belong together: the list
 * shows them one under the other, the later ones marked "same device as above", and counts
 * devices, not sessions, in its heading.
 */
import type { PublicSession } from '../schemas.ts';

export interface GroupedSession {
  session: PublicSession;
  /** The row above is a session of the same device. */
  sameDeviceAsAbove: boolean;
}

/** `sessions` in their order, except that each device's later sessions move up under its first. */
export function groupByDevice(sessions: readonly PublicSession[]): GroupedSession[] {
  const groups = new Map<string, PublicSession[]>();
  const order: PublicSession[][] = [];
  for (const session of sessions) {
    const group = session.deviceId === null ? undefined : groups.get(session.deviceId);
    if (group) {
      group.push(session);
      continue;
    }
    const fresh = [session];
    if (session.deviceId !== null) groups.set(session.deviceId, fresh);
    order.push(fresh);
  }
  return order.flatMap((group) => group.map((session, index) => ({ session, sameDeviceAsAbove: index > 0 })));
}

/** How many devices the sessions run on; a session without a `deviceId` counts as its own. */
export function deviceCount(sessions: readonly PublicSession[]): number {
  const ids = new Set<string>();
  let unknown = 0;
  for (const session of sessions) {
    if (session.deviceId === null) unknown += 1;
    else ids.add(session.deviceId);
  }
  return ids.size + unknown;
}
