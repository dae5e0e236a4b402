/**
 * Random identifiers and secrets. Refresh tokens carry a recognisable prefix so that secret
 * scanners and our own log scrubber can spot one that went where it should not.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const REFRESH_TOKEN_PREFIX = 'scrt_';

/** A public session id: 144 random bits, URL-safe. Never a credential. */
export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

export function newUserId(): string {
  return randomUUID();
}

/** A refresh token: 256 random bits. Only its SHA-256 is ever stored. */
export function newRefreshToken(): string {
  return REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** A refresh token has exactly our prefix and 43 base64url characters; anything else is not one. */
export function isRefreshTokenShape(value: string): boolean {
  return /^scrt_[A-Za-z0-9_-]{43}$/.test(value);
}

/** SHA-256 hex of a token: the only form in which tokens reach the store. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
export function secretsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export const DEVICE_TOKEN_PREFIX = 'scdv_';

/** A device secret: 256 random bits. Only its SHA-256 is stored; it recognises a device, it never authenticates. */
export function newDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Anything but our prefix and 43 base64url characters is not a device token (and is never looked up). */
export function isDeviceTokenShape(value: string): boolean {
  return /^scdv_[A-Za-z0-9_-]{43}$/.test(value);
}

/** A public device id: random, unrelated to the device secret. Never a credential. */
export function newDeviceId(): string {
  return randomBytes(18).toString('base64url');
}
