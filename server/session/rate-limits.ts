/**
 * Brute-force limits, kept in the store so every instance counts together. An attempt is
 * counted atomically *before* the password is checked, so a burst of simultaneous guesses
 * cannot all slip past the check; a correct password then takes its attempt back, so only
 * failures count and an office behind one address can sign in all day.
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { ApiError } from '../errors.ts';
import type { SessionContext } from './context.ts';

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

const FIFTEEN_MINUTES = 15 * 60_000;
const ONE_HOUR = 60 * 60_000;

function hashed(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * The part of an address one client controls: an IPv6 host usually holds a whole /64, so
 * counting per /128 would let it rotate addresses past the limit.
 */
export function addressKey(ip: string | null): string {
  if (ip === null) return 'unknown';
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  // An embedded IPv4 tail (64:ff9b::1.2.3.4) stands for two groups.
  const split = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])));
  const headGroups = split(head);
  const tailGroups = split(tail);
  const groups = ip.includes('::') ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Failed password attempts against one account (sign-in and re-authentication together). */
export function accountFailureLimit(email: string): Limit {
  return { key: `pw-fail:acct:${hashed(email)}`, max: 5, windowMs: FIFTEEN_MINUTES };
}

/** Failed password attempts from one client address. */
export function ipFailureLimit(ip: string | null): Limit {
  return { key: `pw-fail:ip:${addressKey(ip)}`, max: 100, windowMs: FIFTEEN_MINUTES };
}

/** Sign-ups from one client address. */
export function signUpLimit(ip: string | null): Limit {
  return { key: `signup:ip:${addressKey(ip)}`, max: 100, windowMs: ONE_HOUR };
}

export function rateLimited(retryAfterSeconds: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const minutes = Math.ceil(seconds / 60);
  return new ApiError('RATE_LIMITED', `Too many attempts. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`, {
    'Retry-After': String(seconds),
  });
}

/** Counts one attempt against `limit` and throws RATE_LIMITED if that went over it. */
export async function consume(ctx: SessionContext, limit: Limit): Promise<void> {
  const now = ctx.clock();
  const { count, resetAt } = await ctx.store.hitRateLimit(limit.key, now, limit.windowMs);
  if (count > limit.max) throw rateLimited((resetAt - now) / 1000);
}

/** Takes back an attempt that turned out not to be a failure. */
export async function release(ctx: SessionContext, limit: Limit): Promise<void> {
  await ctx.store.releaseRateLimit(limit.key, ctx.clock());
}

export async function clearLimit(ctx: SessionContext, limit: Limit): Promise<void> {
  await ctx.store.clearRateLimit(limit.key);
}
