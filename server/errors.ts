/**
 * The one error type of the server: a contract error code (its status follows from the code)
 * and a sentence for a person. Anything else that is thrown becomes a logged 500 with no detail.
 */
import { ERROR_STATUS } from '../shared/errors.ts';
import type { ErrorCode } from '../shared/errors.ts';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}
