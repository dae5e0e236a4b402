import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse-parser.ts';
import type { SseEvent } from './sse-parser.ts';

function parse(...chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('SSE parser', () => {
  it('reads id, event and data, and dispatches on the blank line', () => {
    expect(parse('id: 7\nevent: session-ended\ndata: {"a":1}\n\n')).toEqual([
      { id: '7', event: 'session-ended', data: '{"a":1}' },
    ]);
  });

  it('waits for the blank line before dispatching', () => {
    expect(parse('event: x\ndata: 1\n')).toEqual([]);
  });

  it('ignores comments such as keep-alives', () => {
    expect(parse(': keep-alive\n\n: keep-alive\n', 'data: hi\n\n')).toEqual([{ id: '', event: 'message', data: 'hi' }]);
  });

  it('joins several data lines with a line feed', () => {
    expect(parse('data: one\ndata:two\ndata\n\n')[0]?.data).toBe('one\ntwo\n');
  });

  it('takes a value without the optional space and keeps further spaces', () => {
    expect(parse('event:x\ndata:  two spaces\n\n')[0]).toEqual({ id: '', event: 'x', data: ' two spaces' });
  });

  it('reassembles events split anywhere across chunks, byte by byte', () => {
    const text = 'id: 1\nevent: sessions-changed\ndata: {"sessionId":"s","change":"ended"}\n\nid: 2\ndata: b\n\n';
    const events = parse(...text.split(''));
    expect(events.map((event) => [event.id, event.event, event.data])).toEqual([
      ['1', 'sessions-changed', '{"sessionId":"s","change":"ended"}'],
      ['2', 'message', 'b'],
    ]);
  });

  it('accepts CRLF and CR line ends, also with CR and LF in different chunks', () => {
    expect(parse('data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r', '\n').map((event) => event.data)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('carries the last id over to later events and resets the event name', () => {
    const events = parse('id: 5\nevent: e\ndata: 1\n\ndata: 2\n\n');
    expect(events[1]).toEqual({ id: '5', event: 'message', data: '2' });
  });

  it('drops an event without data and ignores unknown fields and retry', () => {
    expect(parse('event: lonely\n\nretry: 10\nfoo: bar\ndata: x\n\n')).toEqual([
      { id: '', event: 'message', data: 'x' },
    ]);
  });
});
