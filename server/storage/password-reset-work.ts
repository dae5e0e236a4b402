/**
 * The password reset links' units of work: one live link per user (issuing a new one replaces
 * the old), and a link is taken exactly once: the DELETE that finds it is the one that uses it,
 * so two tabs submitting the same link cannot both set a password.
 */
import type { PasswordResetRecord } from '../session/store.ts';
import type { Dialect, Work } from './driver.ts';
import { get, run } from './driver.ts';

export function* insertPasswordReset(reset: PasswordResetRecord): Work<void> {
  yield* run('DELETE FROM password_reset_tokens WHERE user_id = ?', reset.userId);
  yield* run(
    'INSERT INTO password_reset_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    reset.tokenHash,
    reset.userId,
    reset.createdAt,
    reset.expiresAt,
  );
}

export function* takePasswordReset(tokenHash: string, now: number): Work<string | null> {
  const row = yield* get<{ user_id: string; expires_at: number | string }>(
    'DELETE FROM password_reset_tokens WHERE token_hash = ? RETURNING user_id, expires_at',
    tokenHash,
  );
  // An expired link is deleted all the same: it can never be used again.
  if (row === undefined || Number(row.expires_at) <= now) return null;
  return row.user_id;
}

export function* deleteExpiredPasswordResets(dialect: Dialect, now: number, limit: number): Work<number> {
  return yield* run(
    `DELETE FROM password_reset_tokens WHERE token_hash IN (
       SELECT token_hash FROM password_reset_tokens WHERE expires_at <= ? LIMIT ?${dialect.skipLocked})`,
    now,
    limit,
  );
}
