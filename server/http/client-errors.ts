/**
 * Requests that Node's HTTP parser rejects before Express sees them (a control byte in a header,
 * headers over the size limit, a bad Content-Length) still get the contract's JSON error shape.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from '../errors.ts';
import { hardeningHeaders } from './security-headers.ts';

/** `hsts` as for the app's own answers (see securityHeaders). */
export function answerClientErrors(server: Server, options: { hsts?: boolean } = {}): void {
  // The same hardening headers as every other answer (issue 16), and never cached.
  const headers = [...hardeningHeaders({ hsts: options.hsts ?? false }), ['Cache-Control', 'no-store']]
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify(
      errorBody('BAD_REQUEST', tooLarge ? 'The request headers are too large.' : 'The request is malformed.'),
    );
    socket.end(
      // 400 for both: BAD_REQUEST is a 400 in the contract's table, whatever the reason.
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n${headers}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
