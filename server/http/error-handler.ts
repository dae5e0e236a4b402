/**
 * The one error handler: contract errors go out as they are; parser and router errors become
 * the matching contract code; a store outage is a 503; anything else is logged and answered as
 * a bare 500. Never HTML, never a stack.
 */
import type { NextFunction, Request, Response } from 'express';
import type { ErrorCode } from '../../shared/errors.ts';
import { ApiError, errorBody } from '../errors.ts';
import type { Logger } from '../log.ts';
import { StoreUnavailableError } from '../session/store.ts';
import { clientIp } from './client-info.ts';
import { errorLocale, localiseMessage } from './error-language.ts';

/** Refusals an operator wants to see (ASVS 16.3.2/16.3.3): forged, foreign or throttled requests. */
const DENIALS: ReadonlySet<ErrorCode> = new Set([
  'UNAUTHORISED',
  'FORBIDDEN_ORIGIN',
  'REAUTH_REQUIRED',
  'SESSION_NOT_FOUND',
  'RATE_LIMITED',
]);

const PARSER_ERRORS: Record<string, [ErrorCode, string]> = {
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'The request body is larger than 16 KiB.'],
  'entity.parse.failed': ['BAD_REQUEST', 'The body is not valid JSON.'],
  'encoding.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'The body encoding is not supported; send UTF-8 JSON.'],
  'charset.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'The body charset is not supported; send UTF-8 JSON.'],
  'request.aborted': ['BAD_REQUEST', 'The request body was cut short.'],
  'request.size.invalid': ['BAD_REQUEST', 'The request body length does not match Content-Length.'],
};

function classify(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError)
    return new ApiError('SERVICE_UNAVAILABLE', 'The session store cannot be reached right now. Try again shortly.', {
      'Retry-After': '2',
    });
  if (error !== null && typeof error === 'object') {
    const { type, status } = error as { type?: unknown; status?: unknown };
    if (typeof type === 'string' && PARSER_ERRORS[type] !== undefined) {
      const [code, message] = PARSER_ERRORS[type];
      return new ApiError(code, message);
    }
    // Router and parser errors that carry a client status (a malformed %-escape in the path…).
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (status === 413) return new ApiError('PAYLOAD_TOO_LARGE', 'The request body is larger than 16 KiB.');
      if (status === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json (UTF-8).');
      if (status === 404) return new ApiError('NOT_FOUND', 'There is nothing here.');
      return new ApiError('BAD_REQUEST', 'The request is malformed.');
    }
  }
  return null;
}

export function errorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let apiError = classify(error);
    if (apiError === null) {
      log.error('http.unhandled_error', { method: req.method, path: req.path, error });
      apiError = new ApiError('INTERNAL', 'Something went wrong on our side. Try again.');
    } else if (apiError.code === 'SERVICE_UNAVAILABLE') {
      log.warn('store.unavailable', { method: req.method, path: req.path, error });
    } else if (DENIALS.has(apiError.code)) {
      log.warn('http.denied', {
        code: apiError.code,
        method: req.method,
        path: req.path.slice(0, 100),
        ip: clientIp(req),
      });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    // The sentence is for a person: in their language (German or English), the code unchanged.
    res.vary('Accept-Language');
    const message = localiseMessage(apiError.message, errorLocale(req.headers['accept-language']));
    res.status(apiError.status).json(errorBody(apiError.code, message));
  };
}

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new ApiError('NOT_FOUND', 'There is nothing at this address.'));
}
