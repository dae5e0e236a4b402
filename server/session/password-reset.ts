/**
 * Password reset links an operator issues (`sessionctl reset-password <email>`): a random token,
 * stored only as its SHA-256, usable once within 30 minutes. Using it sets a new password and
 * ends every session of the user, in every tenant, as `password_changed`: whoever was locked out
 * or forgot the password starts again from a clean slate, and whoever had the old one is out.
 */
import { randomBytes } from 'node:crypto';
import { RESET_TOKEN_PATTERN } from '../../shared/password-reset-schemas.ts';
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import { hashPassword } from './passwords.ts';
import { accountFailureLimit, clearLimit } from './rate-limits.ts';
import type { UserRecord } from './records.ts';
import { endSessions } from './revocation.ts';
import { hashToken } from './secrets.ts';

export const RESET_LINK_TTL_MS = 30 * 60_000;
const RESET_TOKEN_PREFIX = 'scpr_';

/** A new link for `user`, replacing any earlier one; the token is shown once, to the operator. */
export async function issuePasswordReset(
  ctx: SessionContext,
  user: UserRecord,
): Promise<{ token: string; url: string; expiresAt: number }> {
  const token = RESET_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const expiresAt = now + RESET_LINK_TTL_MS;
  await ctx.store.insertPasswordReset({ tokenHash: hashToken(token), userId: user.id, createdAt: now, expiresAt });
  ctx.log.info('user.password_reset_issued', { userId: user.id });
  // In the fragment: a browser never sends it to a server, so it reaches no access log.
  return { token, url: `${ctx.config.issuer}/reset-password#token=${token}`, expiresAt };
}

/** Sets a new password with a link's token; `reset-link-invalid` for an unknown, used or expired one. */
export async function resetPassword(
  ctx: SessionContext,
  token: string,
  newPassword: string,
): Promise<Result<{ revoked: number }>> {
  // The store looks the hash up: the token itself is never compared, so timing tells nothing.
  if (!RESET_TOKEN_PATTERN.test(token)) return fail('reset-link-invalid');
  const userId = await ctx.store.takePasswordReset(hashToken(token), ctx.clock());
  if (userId === null) return fail('reset-link-invalid');
  const user = await ctx.store.findUserById(userId);
  if (user === null) return fail('reset-link-invalid');
  const hashed = await ctx.passwordWork.run(() => hashPassword(newPassword, ctx.config.passwordHashCost));
  if (!hashed.ok) return hashed;
  await ctx.store.updatePasswordHash(user.id, hashed.value);
  // A person locked out by failed attempts may sign in with the new password at once.
  await clearLimit(ctx, accountFailureLimit(user.email));
  ctx.log.info('user.password_reset', { userId: user.id });
  const ended = await endSessions(ctx, { userId: user.id }, 'password-changed');
  return succeed({ revoked: ended.length });
}
