/**
 * What the event bus (events.ts) sends between server instances, and the transports that carry
 * it: in-process here, PostgreSQL LISTEN/NOTIFY in server/storage/postgres-events.ts.
 */
import { z } from 'zod';
import { endReasonSchema, newSignInEventSchema } from '../../shared/schemas.ts';
import type { EndReason, NewSignInEvent } from '../../shared/schemas.ts';

/**
 * What travels between instances: one user's sessions that ended alike, one that signed in, one
 * renamed or acknowledged, or a sign-in from a new device (with its public session: no secret).
 */
export type BusMessage =
  | {
      type: 'ended';
      userId: string;
      tenantId: string;
      sessionIds: string[];
      endedAt: number;
      endReason: EndReason;
      endedBy: { sessionId: string | null; deviceName: string | null } | null;
    }
  | { type: 'signed-in'; userId: string; tenantId: string; sessionId: string }
  | { type: 'changed'; userId: string; tenantId: string; sessionId: string; change: 'renamed' | 'acknowledged' }
  | ({ type: 'new-sign-in'; userId: string; tenantId: string } & NewSignInEvent);

export const busMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ended'),
    userId: z.string(),
    tenantId: z.string(),
    sessionIds: z.array(z.string()),
    endedAt: z.number(),
    endReason: endReasonSchema,
    endedBy: z.nullable(z.strictObject({ sessionId: z.nullable(z.string()), deviceName: z.nullable(z.string()) })),
  }),
  z.strictObject({ type: z.literal('signed-in'), userId: z.string(), tenantId: z.string(), sessionId: z.string() }),
  z.strictObject({
    type: z.literal('changed'),
    userId: z.string(),
    tenantId: z.string(),
    sessionId: z.string(),
    change: z.enum(['renamed', 'acknowledged']),
  }),
  z.strictObject({
    type: z.literal('new-sign-in'),
    userId: z.string(),
    tenantId: z.string(),
    session: newSignInEventSchema.shape.session,
    newCountry: newSignInEventSchema.shape.newCountry,
  }),
]);

/**
 * Carries serialised messages between instances. `send` reaches every instance's `deliver`,
 * this one's too. `missed` is called when messages may have been lost (the connection to the
 * broker dropped and came back).
 */
export interface EventTransport {
  readonly kind: 'in-process' | 'postgres';
  start(deliver: (payload: string) => void, missed: () => void): Promise<void>;
  send(payload: string): Promise<void>;
  close(): Promise<void>;
}

/** Delivers within this process: one instance (SQLite). */
export class InProcessTransport implements EventTransport {
  readonly kind = 'in-process';
  private deliver: ((payload: string) => void) | null = null;

  async start(deliver: (payload: string) => void): Promise<void> {
    this.deliver = deliver;
  }

  async send(payload: string): Promise<void> {
    this.deliver?.(payload);
  }

  async close(): Promise<void> {
    this.deliver = null;
  }
}
