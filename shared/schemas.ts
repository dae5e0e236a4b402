/**
 * The HTTP contract (docs/api.md is rendered from this file) as zod schemas: one source for the server (which
 * validates requests and shapes responses with them), the clients (which parse answers with
 * them) and the OpenAPI document. TypeScript types come from `z.infer`.
 *
 * Written with `zod/mini` (functional checks instead of method chains) because classic zod
 * cannot be tree-shaken: it would cost the popup most of its 30 KB budget on its own.
 */
import * as z from 'zod/mini';
import { ERROR_CODES } from './errors.ts';

/** Longest email we accept (RFC 5321 path limit). */
export const EMAIL_MAX_LENGTH = 254;
/** Shortest password the contract allows. */
export const PASSWORD_MIN_LENGTH = 8;
/** Longest password; scrypt would take anything, but a 10 KB password is an attack, not a secret. */
export const PASSWORD_MAX_LENGTH = 1024;
/**
 * Tenant ids: 1 to 64 lowercase letters, digits and dashes, not starting or ending with a dash, as
 * they appear in URLs and logs. (Written with lookaheads: the same set as
 * `[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?`, without text that Markdown readers take for a link when
 * docs/api.md shows the pattern.)
 */
export const TENANT_ID_PATTERN = /^(?!-)(?!.*-$)[a-z0-9-]{1,64}$/;

export const tenantIdSchema = z
  .string()
  .check(z.regex(TENANT_ID_PATTERN, 'A tenant id is 1 to 64 lowercase letters, digits or dashes.'));

/**
 * Public session ids as the server makes them: 18 random bytes in base64url, so exactly 24
 * characters of `A-Z a-z 0-9 _ -`. Anything else cannot name a session and never reaches a store.
 */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;

export const sessionIdSchema = z
  .string()
  .check(z.regex(SESSION_ID_PATTERN, 'A session id is 24 base64url characters.'));

export const emailSchema = z.pipe(
  z.pipe(
    z
      .string()
      .check(z.trim(), z.maxLength(EMAIL_MAX_LENGTH, `An email address is at most ${EMAIL_MAX_LENGTH} characters.`)),
    z.email('That is not an email address.'),
  ),
  z.transform((email: string) => email.toLowerCase()),
);

export const passwordSchema = z
  .string()
  .check(
    z.minLength(PASSWORD_MIN_LENGTH, `A password has at least ${PASSWORD_MIN_LENGTH} characters.`),
    z.maxLength(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters.`),
  );

/** ISO-8601 UTC timestamp as the server writes it. */
export const timestampSchema = z.iso.datetime();

export const userSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
});

export const deviceTypeSchema = z.enum(['desktop', 'mobile', 'tablet', 'unknown']);
export const clientKindSchema = z.enum(['web', 'extension', 'api']);

export const deviceSchema = z.strictObject({
  name: z.string(),
  browser: z.nullable(z.string()),
  browserVersion: z.nullable(z.string()),
  os: z.nullable(z.string()),
  type: deviceTypeSchema,
  label: z.nullable(z.string()),
});

/** Approximate place of a session, from its address (v1.1). */
export const locationSchema = z.strictObject({
  countryCode: z.nullable(z.string()),
  country: z.nullable(z.string()),
  city: z.nullable(z.string()),
  name: z.string(),
});

export const publicSessionSchema = z.strictObject({
  id: z.string(),
  current: z.boolean(),
  tenantId: z.string(),
  createdAt: timestampSchema,
  lastActiveAt: timestampSchema,
  expiresAt: timestampSchema,
  device: deviceSchema,
  ip: z.nullable(z.string()),
  client: clientKindSchema,
  /** v1.1: opaque public id of the device (browser profile); never a credential. */
  deviceId: z.nullable(z.string()),
  /** v1.1: approximate place from the client address; null when nothing is known. */
  location: z.nullable(locationSchema),
  /** v1.1: began on a device this account had not used before and not yet acknowledged. */
  newDevice: z.boolean(),
});

/** Why a session ended (v1.1). */
export const endReasonSchema = z.enum([
  'signed_out',
  'ended_by_user',
  'password_changed',
  'expired',
  'theft_detected',
  'ended_by_operator',
  'user_disabled',
  'session_limit',
]);

/** A session that has ended, as the history shows it (v1.1). */
export const endedSessionSchema = z.strictObject({
  id: z.string(),
  tenantId: z.string(),
  deviceId: z.nullable(z.string()),
  createdAt: timestampSchema,
  lastActiveAt: timestampSchema,
  endedAt: timestampSchema,
  endReason: endReasonSchema,
  endedBy: z.nullable(z.strictObject({ sessionId: z.nullable(z.string()), deviceName: z.nullable(z.string()) })),
  device: deviceSchema,
  ip: z.nullable(z.string()),
  location: z.nullable(locationSchema),
  client: clientKindSchema,
});

/** Data of the `session-ended` event of GET /api/events (v1.1): the stream's own session ended. */
export const sessionEndedEventSchema = z.strictObject({
  sessionId: z.string(),
  endReason: endReasonSchema,
  endedAt: timestampSchema,
  endedBy: z.nullable(z.strictObject({ sessionId: z.nullable(z.string()), deviceName: z.nullable(z.string()) })),
});

/** Data of the `sessions-changed` event of GET /api/events (v1.1): reload the list of sessions. */
export const sessionsChangedEventSchema = z.strictObject({
  sessionId: z.string(),
  change: z.enum(['signed_in', 'ended', 'renamed', 'acknowledged']),
});

/**
 * Data of the `new-sign-in` event (v1.1): a device this account had not used before signed in.
 * `newCountry` (an addition to the contract) is true when the account had never signed in from
 * that session's country before.
 */
export const newSignInEventSchema = z.strictObject({
  session: publicSessionSchema,
  newCountry: z.optional(z.boolean()),
});

export const tokensSchema = z.strictObject({
  accessToken: z.string(),
  refreshToken: z.string(),
  accessTokenExpiresAt: timestampSchema,
  /** v1.1, header mode, sign-up and sign-in only: send back as `X-Device-Token` on later sign-ins. */
  deviceToken: z.optional(z.string()),
});

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(ERROR_CODES),
    message: z.string(),
  }),
});

// Requests. strictObject: unknown fields are a 400, as the contract says.

export const signUpRequestSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  tenantId: z.optional(tenantIdSchema),
});

export const signInRequestSchema = z.strictObject({
  email: emailSchema,
  // Sign-in does not re-check the password rules: a wrong password is INVALID_CREDENTIALS.
  password: z.string().check(z.minLength(1, 'Enter your password.'), z.maxLength(PASSWORD_MAX_LENGTH)),
  tenantId: z.optional(tenantIdSchema),
});

export const reauthenticateRequestSchema = z.strictObject({
  password: z.string().check(z.minLength(1, 'Enter your password.'), z.maxLength(PASSWORD_MAX_LENGTH)),
});

export const changePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().check(z.minLength(1, 'Enter your current password.'), z.maxLength(PASSWORD_MAX_LENGTH)),
  newPassword: passwordSchema,
  signOutOtherDevices: z.boolean(),
});

export const listSessionsQuerySchema = z.strictObject({
  tenant: z.optional(z.literal('all')),
});

export const revokeManyQuerySchema = z.strictObject({
  scope: z.enum(['others', 'all']),
});

// Responses.

export const authResponseSchema = z.strictObject({
  user: userSchema,
  session: publicSessionSchema,
  tokens: z.optional(tokensSchema),
});

export const refreshResponseSchema = z.strictObject({
  session: publicSessionSchema,
  tokens: z.optional(tokensSchema),
});

export const reauthenticateResponseSchema = z.strictObject({
  session: publicSessionSchema,
});

export const meResponseSchema = z.strictObject({
  user: userSchema,
  session: publicSessionSchema,
});

export const historyQuerySchema = z.strictObject({
  limit: z.optional(z.string().check(z.regex(/^(100|[1-9][0-9]?)$/, 'limit is a whole number from 1 to 100.'))),
  before: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,96}$/, 'before is a cursor from an earlier page.'))),
});

export const historyResponseSchema = z.strictObject({
  sessions: z.array(endedSessionSchema),
  next: z.nullable(z.string()),
});

export const sessionListResponseSchema = z.strictObject({
  sessions: z.array(publicSessionSchema),
});

export const revokedCountResponseSchema = z.strictObject({
  revoked: z.int().check(z.nonnegative()),
});

export const emptyResponseSchema = z.strictObject({});

export const changePasswordResponseSchema = z.strictObject({
  session: publicSessionSchema,
  revoked: z.int().check(z.nonnegative()),
  tokens: z.optional(tokensSchema),
});

export const sessionResponseSchema = z.strictObject({
  session: publicSessionSchema,
});

export const healthResponseSchema = z.strictObject({
  ok: z.literal(true),
  store: z.enum(['sqlite', 'postgres']),
});

export const jwksResponseSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string() })),
});

export type User = z.infer<typeof userSchema>;
export type Device = z.infer<typeof deviceSchema>;
export type DeviceType = z.infer<typeof deviceTypeSchema>;
export type ClientKind = z.infer<typeof clientKindSchema>;
export type PublicSession = z.infer<typeof publicSessionSchema>;
export type Tokens = z.infer<typeof tokensSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type SignUpRequest = z.input<typeof signUpRequestSchema>;
export type SignInRequest = z.input<typeof signInRequestSchema>;
export type ReauthenticateRequest = z.infer<typeof reauthenticateRequestSchema>;
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
export type AuthResponse = z.infer<typeof authResponseSchema>;
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;
export type MeResponse = z.infer<typeof meResponseSchema>;
export type SessionListResponse = z.infer<typeof sessionListResponseSchema>;
export type RevokedCountResponse = z.infer<typeof revokedCountResponseSchema>;
export type ChangePasswordResponse = z.infer<typeof changePasswordResponseSchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
export type ListSessionsQuery = z.output<typeof listSessionsQuerySchema>;
export type EndReason = z.infer<typeof endReasonSchema>;
export type EndedSession = z.infer<typeof endedSessionSchema>;
export type SessionEndedEvent = z.infer<typeof sessionEndedEventSchema>;
export type SessionsChangedEvent = z.infer<typeof sessionsChangedEventSchema>;
export type NewSignInEvent = z.infer<typeof newSignInEventSchema>;
export type DeviceLocation = z.infer<typeof locationSchema>;
export type HistoryQuery = z.output<typeof historyQuerySchema>;
export type HistoryResponse = z.infer<typeof historyResponseSchema>;
export type RevokeScope = z.output<typeof revokeManyQuerySchema>['scope'];
