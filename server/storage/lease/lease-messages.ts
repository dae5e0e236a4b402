/**
 * What instances say to each other on the lease channel (one NOTIFY channel per schema):
 * an invalidation from a revoker, an instance's acknowledgement of one, and each instance's
 * heartbeat to itself (which tells it that its LISTEN connection still delivers).
 */
import { z } from 'zod';
import type { InvalidationTarget } from './leased-session-cache.ts';

export type LeaseMessage =
  | { t: 'inv'; id: string; from: string; s?: string[]; u?: string[]; all?: true }
  | { t: 'ack'; id: string; from: string }
  | { t: 'hb'; from: string };

const leaseMessageSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('inv'),
    id: z.string(),
    from: z.string(),
    s: z.array(z.string()).optional(),
    u: z.array(z.string()).optional(),
    all: z.literal(true).optional(),
  }),
  z.object({ t: z.literal('ack'), id: z.string(), from: z.string() }),
  z.object({ t: z.literal('hb'), from: z.string() }),
]);

/** NOTIFY payloads must stay under 8000 bytes; past this, name users or everything instead. */
const MAX_PAYLOAD_BYTES = 7_000;

export function parseLeaseMessage(payload: string): LeaseMessage | null {
  try {
    const parsed = leaseMessageSchema.safeParse(JSON.parse(payload));
    return parsed.success ? (parsed.data as LeaseMessage) : null;
  } catch {
    return null;
  }
}

/** The invalidation as one payload: the session ids if they fit, else the users, else everything. */
export function invalidationPayload(id: string, from: string, target: InvalidationTarget): string {
  if (target.all === true) return JSON.stringify({ t: 'inv', id, from, all: true });
  const bySessions = JSON.stringify({
    t: 'inv',
    id,
    from,
    ...(target.sessionIds?.length ? { s: [...target.sessionIds] } : {}),
    ...(target.userIds?.length ? { u: [...target.userIds] } : {}),
  });
  if (Buffer.byteLength(bySessions) <= MAX_PAYLOAD_BYTES) return bySessions;
  const byUsers = JSON.stringify({ t: 'inv', id, from, u: [...(target.userIds ?? [])] });
  if (target.userIds?.length && Buffer.byteLength(byUsers) <= MAX_PAYLOAD_BYTES) return byUsers;
  return JSON.stringify({ t: 'inv', id, from, all: true });
}

export function targetOf(message: Extract<LeaseMessage, { t: 'inv' }>): InvalidationTarget {
  if (message.all === true) return { all: true };
  return { ...(message.s ? { sessionIds: message.s } : {}), ...(message.u ? { userIds: message.u } : {}) };
}
