/**
 * A raw Server-Sent Events client for tests: GET /api/events over a real socket, keeping every
 * byte received (for "no token in any byte" checks) and the events parsed from them.
 */
import { request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TestClient } from './test-client.ts';

export interface ReceivedEvent {
  id: string;
  event: string;
  data: unknown;
}

export interface EventStreamConnection {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a non-200 answer. */
  body: unknown;
  /** Every byte received so far, as text. */
  raw(): string;
  events: ReceivedEvent[];
  /** Resolves with the next event named `name` (already received ones count), or rejects after `timeoutMs`. */
  next(name: string, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

export interface OpenEventsOptions {
  /** Cookie-mode client whose jar is sent. */
  client?: TestClient;
  /** Header-mode access token. */
  bearer?: string;
  headers?: Record<string, string>;
  /** Do not read the body (a client that stopped reading). */
  paused?: boolean;
}

export function openEvents(baseUrl: string, options: OpenEventsOptions = {}): Promise<EventStreamConnection> {
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  const cookie = options.client?.cookieHeader('/api/events');
  if (cookie !== undefined) headers.cookie = cookie;
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/api/events`, { headers, agent: false });
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      // Chunks for raw(); `pending` holds only what is not parsed yet (slices of a long string would keep it alive).
      const chunks: string[] = [];
      let pending = '';
      let ended = false;
      const events: ReceivedEvent[] = [];
      const waiters = new Set<() => void>();
      let endResolve: () => void = () => undefined;
      const endedPromise = new Promise<void>((done) => {
        endResolve = done;
      });
      const parse = () => {
        for (;;) {
          const boundary = pending.indexOf('\n\n');
          if (boundary === -1) break;
          const block = pending.slice(0, boundary);
          pending = pending.slice(boundary + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            if (colon === -1) continue;
            fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^ /, ''));
          }
          if (!fields.has('event')) continue;
          events.push({
            id: fields.get('id') ?? '',
            event: fields.get('event') ?? '',
            data: JSON.parse(fields.get('data') ?? 'null'),
          });
        }
        for (const wake of [...waiters]) wake();
      };
      const finish = () => {
        if (ended) return;
        ended = true;
        endResolve();
        for (const wake of [...waiters]) wake();
      };
      res.setEncoding('utf8');
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      const connection: EventStreamConnection = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: null,
        raw: () => (chunks.length > 0 ? chunks.join('') : text),
        events,
        ended: endedPromise,
        isEnded: () => ended,
        next(name, timeoutMs = 2_000) {
          let seen = 0;
          return new Promise((found, fail) => {
            const check = () => {
              const event = events.slice(seen).find((item) => item.event === name);
              if (event !== undefined) {
                done();
                found(event);
              } else if (ended) {
                done();
                fail(new Error(`the stream ended without a ${name} event; got: ${connection.raw()}`));
              }
            };
            const timer = setTimeout(() => {
              done();
              fail(new Error(`no ${name} event within ${timeoutMs} ms; got: ${connection.raw()}`));
            }, timeoutMs);
            const done = () => {
              clearTimeout(timer);
              waiters.delete(check);
              seen = events.length;
            };
            waiters.add(check);
            check();
          });
        },
        close: () => {
          req.destroy();
          res.destroy();
        },
      };
      if (res.statusCode !== 200) {
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          try {
            connection.body = JSON.parse(text);
          } catch {
            connection.body = text;
          }
          resolve(connection);
        });
        return;
      }
      if (!options.paused) {
        res.on('data', (chunk: string) => {
          chunks.push(chunk);
          pending += chunk;
          parse();
        });
      } else res.pause();
      resolve(connection);
    });
    req.end();
  });
}
