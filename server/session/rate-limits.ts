/**
 * Brute-force limits, kept in the store so every instance counts together. Only failures count
 * for sign-in and re-authentication: a person who types the right password is never locked out
 * by someone else's successes, and an office behind one address can sign in all day.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.ts';
import type { SessionContext } from './context.ts';

interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

const FIFTEEN_MINUTES = 15 * 60_000;
const ONE_HOUR = 60 * 60_000;

function hashed(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Failed password attempts against one account (sign-in and re-authentication together). */
export function accountFailureLimit(email: string): Limit {
  return { key: `pw-fail:acct:${hashed(email)}`, max: 5, windowMs: FIFTEEN_MINUTES };
}

/** Failed password attempts from one client address. */
export function ipFailureLimit(ip: string | null): Limit {
  return { key: `pw-fail:ip:${ip ?? 'unknown'}`, max: 100, windowMs: FIFTEEN_MINUTES };
}

/** Sign-ups from one client address. */
export function signUpLimit(ip: string | null): Limit {
  return { key: `signup:ip:${ip ?? 'unknown'}`, max: 100, windowMs: ONE_HOUR };
}

function rateLimited(resetAt: number, now: number): ApiError {
  const seconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new ApiError('RATE_LIMITED', `Too many attempts. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`, {
    'Retry-After': String(seconds),
  });
}

/** Throws RATE_LIMITED when any of `limits` is already used up. */
export async function assertNotLimited(ctx: SessionContext, limits: readonly Limit[]): Promise<void> {
  const now = ctx.clock();
  for (const limit of limits) {
    const { count, resetAt } = await ctx.store.peekRateLimit(limit.key, now);
    if (count >= limit.max) throw rateLimited(resetAt, now);
  }
}

/** Counts one event against each of `limits`. */
export async function countAgainst(ctx: SessionContext, limits: readonly Limit[]): Promise<void> {
  const now = ctx.clock();
  for (const limit of limits) await ctx.store.hitRateLimit(limit.key, now, limit.windowMs);
}

/** Counts one event and throws RATE_LIMITED if it went over (sign-ups, counted as they come). */
export async function consume(ctx: SessionContext, limit: Limit): Promise<void> {
  const now = ctx.clock();
  const { count, resetAt } = await ctx.store.hitRateLimit(limit.key, now, limit.windowMs);
  if (count > limit.max) throw rateLimited(resetAt, now);
}

export async function clearLimit(ctx: SessionContext, limit: Limit): Promise<void> {
  await ctx.store.clearRateLimit(limit.key);
}
