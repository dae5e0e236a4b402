/** Reads one open event stream: decodes, parses SSE frames, and hands on the contract's events. */
import type { SessionEndedEvent } from '../schemas.ts';
import { newSignInEventSchema, sessionEndedEventSchema, sessionsChangedEventSchema } from '../schemas.ts';
import type { EventHandlers } from './api-types.ts';
import { createSseParser } from './sse-parser.ts';
import type { SseEvent } from './sse-parser.ts';

/** Reads events until the stream ends or this session's `session-ended` arrives (returned). */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  handlers: EventHandlers,
  signal: AbortSignal,
): Promise<SessionEndedEvent | null> {
  let ended: SessionEndedEvent | null = null;
  const parser = createSseParser((event: SseEvent) => {
    if (ended || signal.aborted) return;
    if (event.event === 'session-ended') {
      const parsed = sessionEndedEventSchema.safeParse(parseJson(event.data));
      if (parsed.success) ended = parsed.data;
    } else if (event.event === 'sessions-changed') {
      const parsed = sessionsChangedEventSchema.safeParse(parseJson(event.data));
      if (parsed.success) callHandler(() => handlers.onSessionsChanged?.(parsed.data));
    } else if (event.event === 'new-sign-in') {
      const parsed = newSignInEventSchema.safeParse(parseJson(event.data));
      if (parsed.success) callHandler(() => handlers.onNewSignIn?.(parsed.data));
    }
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const stop = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', stop);
  try {
    while (!ended && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
  } catch {
    // A dropped connection or an abort: the caller decides what follows.
  } finally {
    signal.removeEventListener('abort', stop);
    stop();
  }
  return signal.aborted ? null : ended;
}

/** Runs an app handler; its failure must not stop the stream. */
export function callHandler(handler: () => void): void {
  try {
    handler();
  } catch {
    // Ignored on purpose.
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
