/**
 * Brute-force limits, kept in the store so every instance counts together. An attempt is
 * counted atomically *before* the password is checked, so a burst of simultaneous guesses
 * cannot all slip past the check; a correct password then takes its attempt back, so only
 * failures count and an office behind one address can sign in all day.
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Clock } from './clock.ts';
import type { Failure } from './failures.ts';
import { fail } from './failures.ts';
import type { RateLimitStore } from './store.ts';

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
  const split = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const headGroups = split(head);
  const tailGroups = split(tail);
  const groups = ip.includes('::')
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
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

/** What counting needs: the counters and the time. */
export interface RateLimitDeps {
  store: RateLimitStore;
  clock: Clock;
}

/** Counts one attempt against `limit`; a failure (with the seconds left) if that went over it. */
export async function consume(deps: RateLimitDeps, limit: Limit): Promise<Failure | null> {
  const now = deps.clock();
  const { count, resetAt } = await deps.store.hitRateLimit(limit.key, now, limit.windowMs);
  return count > limit.max ? fail('rate-limited', Math.max(1, Math.ceil((resetAt - now) / 1000))) : null;
}

/** Takes back an attempt that turned out not to be a failure. */
export async function release(deps: RateLimitDeps, limit: Limit): Promise<void> {
  await deps.store.releaseRateLimit(limit.key, deps.clock());
}

export async function clearLimit(deps: RateLimitDeps, limit: Limit): Promise<void> {
  await deps.store.clearRateLimit(limit.key);
}
