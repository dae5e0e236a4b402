/**
 * Who is calling: the client address (X-Forwarded-For only from a configured trusted proxy,
 * which Express's `trust proxy` decides), and the kind of client.
 */
import { isIP } from 'node:net';
import type { Request } from 'express';
import type { ClientKind } from '../../shared/schemas.ts';
import { parseDevice } from '../session/device.ts';
import type { DeviceFacts } from '../session/sessions.ts';

export function clientIp(req: Request): string | null {
  // A trusted proxy may pass X-Forwarded-For on as the client wrote it: text that is not an
  // address (markup, kilobytes of junk) is never recorded or used as a rate-limit key.
  const ip = req.ip !== undefined && isIP(req.ip) !== 0 ? req.ip : req.socket.remoteAddress;
  if (ip === undefined || ip === '') return null;
  // IPv4 clients on a dual-stack socket show up as ::ffff:a.b.c.d; people know them as a.b.c.d.
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export function clientKind(req: Request, headerMode: boolean): ClientKind {
  const origin = req.headers.origin ?? '';
  if (origin.startsWith('chrome-extension://') || origin.startsWith('moz-extension://')) return 'extension';
  return headerMode ? 'api' : 'web';
}

/** The device facts of a new session, from the request that creates it. */
export function deviceOf(req: Request, headerMode: boolean): DeviceFacts {
  return { device: parseDevice(req.headers['user-agent']), ip: clientIp(req), client: clientKind(req, headerMode) };
}
