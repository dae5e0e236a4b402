/**
 * Every error code of the HTTP contract with its status. Shared by the server (which answers
 * with them) and the clients (which branch on them), so the two can never drift apart.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORISED: 401,
  TRY_REFRESH_TOKEN: 401,
  TOKEN_THEFT_DETECTED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN_ORIGIN: 403,
  REAUTH_REQUIRED: 403,
  SESSION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

/** An UPPER_SNAKE error code of the contract. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every error code, for schemas and exhaustive checks. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/**
 * Error codes a client may see that no server sent: the network failed, or the answer was not
 * the contract's shape. Kept apart so that they can never be mistaken for a server's word.
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';
