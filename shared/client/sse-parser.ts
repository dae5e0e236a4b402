/**
 * A Server-Sent Events parser for a stream read with fetch (EventSource cannot send an
 * `Authorization` header). It follows the WHATWG rules that matter here: lines end in LF, CR or
 * CRLF (also split across chunks), `field: value` with one optional space, `:` starts a comment,
 * several `data:` lines join with LF, a blank line dispatches, and an event without data is dropped.
 */

/** One dispatched event. */
export interface SseEvent {
  /** `message` when the stream named none. */
  event: string;
  data: string;
  /** The last `id:` seen on the stream so far (it carries over to later events). */
  id: string;
}

export interface SseParser {
  /** Feeds decoded text; events are dispatched as soon as their blank line arrives. */
  push(text: string): void;
}

/** Creates a parser that calls `onEvent` for every complete event. */
export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let buffer = '';
  // A chunk that ended in CR: a LF at the start of the next one belongs to the same line end.
  let skipLeadingLf = false;
  let lastId = '';
  let eventName = '';
  let dataLines: string[] = [];

  function dispatch(): void {
    if (dataLines.length > 0) {
      onEvent({ event: eventName || 'message', data: dataLines.join('\n'), id: lastId });
    }
    eventName = '';
    dataLines = [];
  }

  function line(text: string): void {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') dataLines.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // `retry` and unknown fields are ignored: the client chooses its own backoff.
  }

  return {
    push(text) {
      buffer += text;
      if (skipLeadingLf && buffer.startsWith('\n')) buffer = buffer.slice(1);
      skipLeadingLf = false;
      for (;;) {
        const end = buffer.search(/[\r\n]/);
        if (end === -1) return;
        const crAtEnd = buffer[end] === '\r';
        line(buffer.slice(0, end));
        if (crAtEnd && end + 1 === buffer.length) {
          buffer = '';
          skipLeadingLf = true;
          return;
        }
        buffer = buffer.slice(end + (crAtEnd && buffer[end + 1] === '\n' ? 2 : 1));
      }
    },
  };
}
