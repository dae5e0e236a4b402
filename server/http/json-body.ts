/**
 * Request bodies: JSON only (415 otherwise), at most 16 KiB (413), validated by the contract's
 * zod schema (400 on wrong types or unknown fields). Messages never echo what was sent.
 */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { ZodMiniType } from 'zod/mini';
import type { $ZodError } from 'zod/v4/core';
import { sessionIdSchema } from '../../shared/schemas.ts';
import { ApiError } from '../errors.ts';
import { fail } from '../session/failures.ts';
import { toApiError } from './failure-to-error.ts';

export const BODY_LIMIT_BYTES = 16 * 1024;

const parseJson = express.json({ limit: BODY_LIMIT_BYTES, strict: true, type: () => true });

function isJsonContentType(req: Request): boolean {
  const type = req.headers['content-type'];
  if (type === undefined) return false;
  const [mediaType, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='));
  return charset === undefined || charset === 'charset=utf-8' || charset === 'charset="utf-8"';
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A readable first problem of a zod error. It names only our own field names, never what was
 * sent: an unknown field is not named (issue 16), as its name is the client's text.
 */
export function describeIssue(error: $ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'The request is not valid.';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.').slice(0, 60)}: ` : '';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = issue.keys.length > 1 ? 'unknown fields' : 'unknown field';
  return `${where}${message}`.slice(0, 300);
}

/** Parses and validates the body with `schema`; the result is in `res.locals.body`. */
export function jsonBody<S extends ZodMiniType>(schema: S) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isJsonContentType(req)) {
      if (hasBody(req) || req.headers['content-type'] !== undefined) {
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json (UTF-8).');
      }
      throw new ApiError('BAD_REQUEST', 'This request needs a JSON body.');
    }
    parseJson(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      const result = schema.safeParse(req.body);
      if (!result.success) return next(new ApiError('BAD_REQUEST', describeIssue(result.error)));
      res.locals.body = result.data;
      next();
    });
  };
}

/** Validates the query string with `schema`; the result is in `res.locals.query`. */
export function validQuery<S extends ZodMiniType>(schema: S) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const result = schema.safeParse({ ...(req.query as object) });
    if (!result.success) throw new ApiError('BAD_REQUEST', describeIssue(result.error));
    res.locals.query = result.data;
    next();
  };
}

/** Said for an unknown session id, one that is not the caller's, and one that could not be an id. */
/**
 * Checks the shape of the session id in `req.params[name]` (issue 16): one that could not have
 * been generated is answered exactly like an unknown id, before any store sees its bytes (a NUL
 * is an error in PostgreSQL text). Put it after authentication, so a caller without a session
 * still gets 401 whatever the id.
 */
export function validSessionIdParam(name = 'id') {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!sessionIdSchema.safeParse(req.params[name]).success) {
      throw toApiError(fail('session-not-found'));
    }
    next();
  };
}

const tooLarge = (): ApiError => new ApiError('PAYLOAD_TOO_LARGE', 'The request body is larger than 16 KiB.');

/**
 * Refuses any body over the limit, also on endpoints that read none, and whatever its framing
 * (issue 16). A declared Content-Length is checked at once. A body of unknown length (chunked) is
 * read, at most 16 KiB of it, before anything else happens: a route that reads no body must not
 * act on a request whose body turns out to be too large. What was read is put back into the
 * request stream for the JSON parser. Requests without a body (every GET) pay one header check.
 */
export function bodySizeGuard(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > BODY_LIMIT_BYTES) throw tooLarge();
  if (req.headers['transfer-encoding'] === undefined) return next();
  readWithinLimit(req, res, next);
}

function readWithinLimit(req: Request, res: Response, next: NextFunction): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const finish = (error?: ApiError): void => {
    req.off('readable', onReadable);
    req.off('end', onEnd);
    req.off('error', onCutShort);
    req.off('aborted', onCutShort);
    if (error === undefined) {
      // Put back before the 'end' scheduled by the last read() is emitted (Node checks for this).
      if (size > 0) req.unshift(Buffer.concat(chunks, size));
      // A route that reads no body leaves it there; drain it so the stream ends.
      res.once('finish', () => req.resume());
    } else {
      // The rest is read and dropped, as Node does for an unread body with a Content-Length.
      req.resume();
    }
    next(error);
  };
  function onCutShort(): void {
    finish(new ApiError('BAD_REQUEST', 'The request body was cut short.'));
  }
  function onEnd(): void {
    // Only reached when the body had ended before we listened (nothing read, nothing to put back);
    // what was read can no longer be put back after 'end', so then the body counts as lost.
    if (size === 0) finish();
    else onCutShort();
  }
  function onReadable(): void {
    for (let chunk = req.read() as Buffer | null; chunk !== null; chunk = req.read() as Buffer | null) {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) return finish(tooLarge());
      chunks.push(chunk);
    }
    if (req.complete) finish();
  }
  req.on('readable', onReadable);
  req.on('end', onEnd);
  req.on('error', onCutShort);
  req.on('aborted', onCutShort);
}
