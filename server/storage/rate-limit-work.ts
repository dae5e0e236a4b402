/**
 * The rate-limit counters' units of work (server/session/rate-limits.ts says what is counted):
 * a fixed window per key, counted in one statement so that instances hitting a key at once all
 * count, and swept when the window is over.
 */
import type { Dialect, Work } from './driver.ts';
import { get, run } from './driver.ts';
import { rateLimitFromRow } from './rows.ts';
import type { RateLimitRow } from './rows.ts';

export function* hitRateLimit(key: string, now: number, windowMs: number): Work<{ count: number; resetAt: number }> {
  const resetAt = now + windowMs;
  const row = yield* get<RateLimitRow>(
    `INSERT INTO rate_limits (key, count, reset_at) VALUES (?, 1, ?)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limits.reset_at <= ? THEN 1 ELSE rate_limits.count + 1 END,
       reset_at = CASE WHEN rate_limits.reset_at <= ? THEN ? ELSE rate_limits.reset_at END
     RETURNING count, reset_at`,
    key,
    resetAt,
    now,
    now,
    resetAt,
  );
  if (row === undefined) throw new Error('The rate limit upsert returned no row');
  return rateLimitFromRow(row);
}

export function* releaseRateLimit(key: string, now: number): Work<void> {
  yield* run('UPDATE rate_limits SET count = count - 1 WHERE key = ? AND reset_at > ? AND count > 0', key, now);
}

export function* clearRateLimit(key: string): Work<void> {
  yield* run('DELETE FROM rate_limits WHERE key = ?', key);
}

export function* deleteExpiredRateLimits(dialect: Dialect, now: number, limit: number): Work<number> {
  return yield* run(
    `DELETE FROM rate_limits WHERE key IN (
       SELECT key FROM rate_limits WHERE reset_at <= ? LIMIT ?${dialect.skipLocked})`,
    now,
    limit,
  );
}
