/**
 * The event bus behind GET /api/events. The core publishes what happened to sessions (some
 * ended, one signed in); a transport carries each message to every server instance, this one
 * included; each instance hands it to its own open streams of that user and tenant, as the
 * contract's `session-ended` (to the streams of the session that ended, which are then closed)
 * or `sessions-changed` (to the user's other streams in the tenant).
 *
 * Two transports: in-process (SQLite, one instance) and PostgreSQL LISTEN/NOTIFY across
 * instances (server/storage/postgres-events.ts). A message holds ids and small facts only,
 * never a token, hash or secret, and fits a NOTIFY payload (under 8000 bytes).
 */
import type { NewSignInEvent, SessionEndedEvent, SessionsChangedEvent } from '../../shared/schemas.ts';
import type { Logger } from '../log.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import type { BusMessage, EventTransport } from './event-transport.ts';
import { busMessageSchema } from './event-transport.ts';
import type { EndedSessionRef, SessionEnd } from './records.ts';

/** An event as a stream writes it: the SSE `event:` name and its `data:` object. */
export type StreamEvent =
  | { event: 'session-ended'; data: SessionEndedEvent }
  | { event: 'sessions-changed'; data: SessionsChangedEvent }
  | { event: 'new-sign-in'; data: NewSignInEvent };

/** Why the bus closed a stream. */
export type StreamCloseReason = 'session-ended' | 'replaced' | 'missed-events' | 'shutdown';

/** One open stream, as the bus sees it. `send` and `close` must never block. */
export interface EventSink {
  send(event: StreamEvent): void;
  close(reason: StreamCloseReason): void;
}

export interface StreamOwner {
  userId: string;
  tenantId: string;
  sessionId: string;
}

interface Subscriber extends StreamOwner {
  sink: EventSink;
}

/** Most bytes of one serialised message (PostgreSQL refuses NOTIFY payloads of 8000 bytes). */
export const MAX_MESSAGE_BYTES = 7_000;
/** A device name in a message is cut to this length (names are short; this bounds the payload). */
const MAX_DEVICE_NAME = 200;

export interface EventBusOptions {
  maxStreamsPerUser: number;
  maxStreams: number;
  log: Logger;
}

/** `endedBy` as events carry it: only for `ended_by_user`, the device name bounded. */
function endedByOf(end: SessionEnd): SessionEndedEvent['endedBy'] {
  if (end.reason !== 'ended_by_user') return null;
  return { sessionId: end.bySessionId, deviceName: end.byDeviceName?.slice(0, MAX_DEVICE_NAME) ?? null };
}

export class EventBus {
  /** Each user's streams on this instance, oldest first (a Set keeps insertion order). */
  private readonly byUser = new Map<string, Set<Subscriber>>();
  private open = 0;
  private started: Promise<void> | null = null;

  constructor(
    private readonly transport: EventTransport,
    private readonly options: EventBusOptions,
  ) {}

  get transportKind(): EventTransport['kind'] {
    return this.transport.kind;
  }

  /** Open streams on this instance. */
  get streamCount(): number {
    return this.open;
  }

  /** Starts receiving (once); publishing alone needs no start (sessionctl only publishes). */
  start(): Promise<void> {
    this.started ??= this.transport.start(
      (payload) => this.receive(payload),
      () => this.closeAll('missed-events'),
    );
    return this.started;
  }

  /** Sessions ended: one message per user, tenant and kind of end, split to fit the payload limit. */
  async publishEnded(ended: readonly (EndedSessionRef & { end: SessionEnd })[]): Promise<void> {
    const groups = new Map<string, { ref: EndedSessionRef; end: SessionEnd; ids: string[] }>();
    for (const session of ended) {
      const { end } = session;
      const key = JSON.stringify([
        session.userId,
        session.tenantId,
        end.at,
        end.reason,
        end.bySessionId,
        end.byDeviceName,
      ]);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { ref: session, end, ids: [session.id] });
      else group.ids.push(session.id);
    }
    for (const { ref, end, ids } of groups.values()) {
      const base: BusMessage = {
        type: 'ended',
        userId: ref.userId,
        tenantId: ref.tenantId,
        sessionIds: [],
        endedAt: end.at,
        endReason: end.reason,
        endedBy: endedByOf(end),
      };
      const baseBytes = Buffer.byteLength(JSON.stringify(base));
      let chunk: string[] = [];
      let bytes = baseBytes;
      for (const id of ids) {
        const more = Buffer.byteLength(JSON.stringify(id)) + 1;
        if (chunk.length > 0 && bytes + more > MAX_MESSAGE_BYTES) {
          await this.send({ ...base, sessionIds: chunk });
          chunk = [];
          bytes = baseBytes;
        }
        chunk.push(id);
        bytes += more;
      }
      if (chunk.length > 0) await this.send({ ...base, sessionIds: chunk });
    }
  }

  /** A session was created: the user's other streams in the tenant reload their list. */
  publishSignedIn(session: StreamOwner): Promise<void> {
    return this.send({ type: 'signed-in', ...session });
  }

  /** A session was renamed or acknowledged: the user's other streams in the tenant reload their list. */
  publishChanged(session: StreamOwner, change: 'renamed' | 'acknowledged'): Promise<void> {
    return this.send({ type: 'changed', ...session, change });
  }

  /** A device new to the account signed in: the user's other streams in the tenant ask "was this you?". */
  publishNewSignIn(event: { userId: string; tenantId: string } & NewSignInEvent): Promise<void> {
    return this.send({ type: 'new-sign-in', ...event });
  }

  /**
   * Adds a stream. Past the per-user cap the user's oldest stream on this instance is closed;
   * past the per-instance cap the new one is refused (`service-unavailable`).
   */
  subscribe(owner: StreamOwner, sink: EventSink): Result<() => void> {
    if (this.open >= this.options.maxStreams) return fail('service-unavailable');
    void this.start().catch((error: unknown) => this.options.log.warn('events.start_failed', { error }));
    let streams = this.byUser.get(owner.userId);
    if (streams === undefined) {
      streams = new Set();
      this.byUser.set(owner.userId, streams);
    }
    while (streams.size >= this.options.maxStreamsPerUser) {
      const oldest = streams.values().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
      oldest.sink.close('replaced');
    }
    const subscriber: Subscriber = { ...owner, sink };
    streams.add(subscriber);
    this.open += 1;
    return succeed(() => this.remove(subscriber));
  }

  /** The sessions whose streams are open on this instance. */
  openSessionIds(): string[] {
    return [...new Set([...this.byUser.values()].flatMap((streams) => [...streams].map((item) => item.sessionId)))];
  }

  /**
   * Delivers `session-ended` to this instance's streams of a session found ended without a
   * message (the backstop: an ending by another process that publishes to no one here, or a
   * notification lost in a crash), and closes them.
   */
  endStreamsOf(session: EndedSessionRef & { end: SessionEnd }): void {
    const streams = this.byUser.get(session.userId);
    if (streams === undefined) return;
    for (const subscriber of [...streams]) {
      if (subscriber.sessionId !== session.id) continue;
      const { end } = session;
      this.endStream(subscriber, {
        sessionId: session.id,
        endReason: end.reason,
        endedAt: new Date(end.at).toISOString(),
        endedBy: endedByOf(end),
      });
    }
  }

  /** The stream's session ended: it hears why, and is closed. */
  private endStream(subscriber: Subscriber, data: SessionEndedEvent): void {
    this.remove(subscriber);
    subscriber.sink.send({ event: 'session-ended', data });
    subscriber.sink.close('session-ended');
  }

  /** Closes every stream (shutdown) and stops the transport. */
  async close(): Promise<void> {
    this.closeAll('shutdown');
    await this.transport.close();
  }

  private async send(message: BusMessage): Promise<void> {
    try {
      await this.transport.send(JSON.stringify(message));
    } catch (error) {
      // The change itself is done; streams that missed it are closed when the transport is back.
      this.options.log.warn('events.publish_failed', { type: message.type, error });
    }
  }

  private remove(subscriber: Subscriber): void {
    const streams = this.byUser.get(subscriber.userId);
    if (streams === undefined || !streams.delete(subscriber)) return;
    this.open -= 1;
    if (streams.size === 0) this.byUser.delete(subscriber.userId);
  }

  private closeAll(reason: StreamCloseReason): void {
    const all = [...this.byUser.values()].flatMap((streams) => [...streams]);
    this.byUser.clear();
    this.open = 0;
    for (const subscriber of all) subscriber.sink.close(reason);
    if (reason === 'missed-events' && all.length > 0)
      this.options.log.info('events.streams_reset', { count: all.length });
  }

  private receive(payload: string): void {
    let message: BusMessage;
    try {
      const parsed = busMessageSchema.safeParse(JSON.parse(payload));
      if (!parsed.success) throw parsed.error;
      message = parsed.data;
    } catch {
      this.options.log.warn('events.bad_message', { bytes: payload.length });
      return;
    }
    const streams = this.byUser.get(message.userId);
    if (streams === undefined) return;
    for (const subscriber of [...streams]) {
      if (subscriber.tenantId !== message.tenantId) continue;
      if (message.type !== 'ended') {
        const event = toOtherStreams(message);
        if (subscriber.sessionId !== event.sessionId) subscriber.sink.send(event.send);
        continue;
      }
      if (message.sessionIds.includes(subscriber.sessionId)) {
        this.endStream(subscriber, {
          sessionId: subscriber.sessionId,
          endReason: message.endReason,
          endedAt: new Date(message.endedAt).toISOString(),
          endedBy: message.endedBy,
        });
        continue;
      }
      for (const sessionId of message.sessionIds)
        subscriber.sink.send({ event: 'sessions-changed', data: { sessionId, change: 'ended' } });
    }
  }
}

/** What a message about one session tells the user's other streams (never that session's own). */
function toOtherStreams(message: Exclude<BusMessage, { type: 'ended' }>): { sessionId: string; send: StreamEvent } {
  if (message.type === 'new-sign-in') {
    const { session, newCountry } = message;
    const data = newCountry === undefined ? { session } : { session, newCountry };
    return { sessionId: session.id, send: { event: 'new-sign-in', data } };
  }
  const change = message.type === 'signed-in' ? 'signed_in' : message.change;
  return {
    sessionId: message.sessionId,
    send: { event: 'sessions-changed', data: { sessionId: message.sessionId, change } },
  };
}
