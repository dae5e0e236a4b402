/**
 * One Server-Sent Events stream on an HTTP response: what the event bus hands it is written as
 * `id:`, `event:` and one `data:` line of JSON (JSON.stringify escapes every newline, so no data
 * can start a line of its own), with a `: keep-alive` comment on a timer. Writing never waits:
 * a client that does not read is cut off once its backlog passes MAX_BACKLOG_BYTES, so a slow or
 * dead client never holds up anyone else. Events that arrive before the stream is open (while the
 * session is being checked) are kept and written on open.
 */
import type { Response } from 'express';
import type { EventSink, StreamCloseReason, StreamEvent } from '../session/events.ts';

/** A healthy client's backlog is a few hundred bytes; this much means it stopped reading. */
export const MAX_BACKLOG_BYTES = 64 * 1024;

export class SseStream implements EventSink {
  private pending: StreamEvent[] = [];
  private closeRequested = false;
  private opened = false;
  private done = false;
  private sequence = 0;
  private keepAlive: NodeJS.Timeout | null = null;
  private expiry: NodeJS.Timeout | null = null;
  private readonly onEnd: (() => void)[] = [];

  constructor(private readonly res: Response) {
    res.on('close', () => this.finish());
  }

  /** True once the response has closed (the client went away, or the server ended it). */
  get closed(): boolean {
    return this.done;
  }

  /** Runs `action` when the stream ends, however it ends (at once if it already has). */
  whenClosed(action: () => void): void {
    if (this.done) action();
    else this.onEnd.push(action);
  }

  /**
   * Sends the headers and whatever arrived meanwhile; from now on events are written as they come.
   * `tick` runs with each keep-alive (it may close the stream); `closesAt` is a wall-clock delay.
   */
  open(options: { keepAliveMs: number; closeInMs: number; tick: () => boolean }): void {
    if (this.done) return;
    const { res } = this;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    this.opened = true;
    for (const event of this.pending) this.write(frame(event, ++this.sequence));
    this.pending = [];
    if (this.closeRequested) return this.end();
    this.keepAlive = setInterval(() => {
      if (options.tick()) this.write(': keep-alive\n\n');
    }, options.keepAliveMs);
    this.expiry = setTimeout(() => this.end(), Math.max(0, Math.min(options.closeInMs, 2_147_483_647)));
  }

  send(event: StreamEvent): void {
    if (this.done) return;
    if (!this.opened) this.pending.push(event);
    else this.write(frame(event, ++this.sequence));
  }

  close(_reason: StreamCloseReason): void {
    if (!this.opened) this.closeRequested = true;
    else this.end();
  }

  /** Ends the stream cleanly (what was written is flushed first). */
  end(): void {
    if (this.done) return;
    this.res.end();
    this.finish();
  }

  private write(text: string): void {
    if (this.done) return;
    if (this.res.writableLength > MAX_BACKLOG_BYTES) {
      // Not reading: drop the connection instead of buffering for it.
      this.res.destroy();
      this.finish();
      return;
    }
    this.res.write(text);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.keepAlive !== null) clearInterval(this.keepAlive);
    if (this.expiry !== null) clearTimeout(this.expiry);
    this.pending = [];
    for (const action of this.onEnd.splice(0)) action();
  }
}

/** One event as SSE: JSON on a single line, so neither a newline nor an `event:` can be injected. */
export function frame(event: StreamEvent, id: number): string {
  return `id: ${id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
