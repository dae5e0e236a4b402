/**
 * Which PostgreSQL errors mean "the database cannot be reached" (the HTTP layer answers 503)
 * rather than "this query is wrong" (a bug, answered 500 and logged).
 */
import { StoreUnavailableError } from '../session/store.ts';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '57014', // query_canceled: our statement_timeout fired
  '53300', // too_many_connections
  '55P03', // lock_not_available: our lock_timeout fired
]);
const UNAVAILABLE_MESSAGE = /timeout|connection terminated|not queryable|connection error|closed the connection/i;

/** True when `error` says the database cannot be reached (rather than that the query is wrong). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionError(error)) return error;
  return new StoreUnavailableError('The PostgreSQL session store cannot be reached', { cause: error });
}
