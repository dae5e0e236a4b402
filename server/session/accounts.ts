/**
 * Sign-up, sign-in, re-authentication and password change. Failures are deliberately alike: an
 * unknown email, a wrong password, a disabled account and a user outside the tenant all answer
 * INVALID_CREDENTIALS after the same amount of work.
 */
import { ApiError } from '../errors.ts';
import type { SessionRecord, UserRecord } from '../storage/store.ts';
import type { SessionContext } from './context.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { accountFailureLimit, clearLimit, consume, ipFailureLimit, release, signUpLimit } from './rate-limits.ts';
import { newUserId } from './secrets.ts';
import type { IssuedSession, NewSessionInput } from './sessions.ts';
import { createSession, revokeSessions, revokeSessionsOfUser } from './sessions.ts';

export const DEFAULT_TENANT_ID = 'public';

type DeviceInput = Omit<NewSessionInput, 'userId' | 'tenantId'>;

async function requireTenant(ctx: SessionContext, tenantId: string): Promise<void> {
  if ((await ctx.store.findTenant(tenantId)) === null) throw new ApiError('BAD_REQUEST', 'There is no such tenant.');
}

/**
 * Creates an account in a tenant, its password hashed; null when the email is taken. Shared by
 * sign-up and `sessionctl add-user`.
 */
export async function createUser(ctx: SessionContext, email: string, password: string, tenantId: string, fields: Record<string, unknown> = {}): Promise<UserRecord | null> {
  const user: UserRecord = {
    id: newUserId(),
    email,
    passwordHash: await ctx.passwordWork.run(() => hashPassword(password, ctx.config.passwordHashCost)),
    createdAt: ctx.clock(),
    disabledAt: null,
  };
  if (!(await ctx.store.insertUser(user, tenantId))) return null;
  ctx.log.info('user.created', { userId: user.id, tenantId, ...fields });
  return user;
}

export async function signUp(
  ctx: SessionContext,
  input: { email: string; password: string; tenantId?: string | undefined },
  device: DeviceInput,
): Promise<{ user: UserRecord; issued: IssuedSession }> {
  const tenantId = input.tenantId ?? DEFAULT_TENANT_ID;
  await consume(ctx, signUpLimit(device.ip));
  await requireTenant(ctx, tenantId);
  if ((await ctx.store.findUserByEmail(input.email)) !== null) throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists.');
  const user = await createUser(ctx, input.email, input.password, tenantId);
  if (user === null) throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists.');
  const issued = await createSession(ctx, { ...device, userId: user.id, tenantId });
  return { user, issued };
}

/**
 * Checks an email and password; throws INVALID_CREDENTIALS or RATE_LIMITED. The attempt is
 * counted before the check and taken back if the password was right.
 */
async function checkPassword(ctx: SessionContext, email: string, password: string, ip: string | null, tenantId: string | null): Promise<UserRecord> {
  const accountLimit = accountFailureLimit(email);
  const addressLimit = ipFailureLimit(ip);
  await consume(ctx, accountLimit);
  await consume(ctx, addressLimit);
  const user = await ctx.store.findUserByEmail(email);
  const passwordMatches = await ctx.passwordWork.run(() => verifyPassword(password, user?.passwordHash ?? ctx.dummyPasswordHash));
  const inTenant = user !== null && (tenantId === null || (await ctx.store.isUserInTenant(user.id, tenantId)));
  if (user === null || !passwordMatches || !inTenant || user.disabledAt !== null) {
    ctx.log.warn('auth.failed', { userId: user?.id ?? null, ip, tenantId });
    throw new ApiError('INVALID_CREDENTIALS', 'The email or password is not right.');
  }
  await clearLimit(ctx, accountLimit);
  await release(ctx, addressLimit);
  return user;
}

export async function signIn(
  ctx: SessionContext,
  input: { email: string; password: string; tenantId?: string | undefined },
  device: DeviceInput,
): Promise<{ user: UserRecord; issued: IssuedSession }> {
  const tenantId = input.tenantId ?? DEFAULT_TENANT_ID;
  const user = await checkPassword(ctx, input.email, input.password, device.ip, tenantId);
  const issued = await createSession(ctx, { ...device, userId: user.id, tenantId });
  return { user, issued };
}

/** Marks the session as freshly authenticated after the password was given again. */
export async function reauthenticate(ctx: SessionContext, session: SessionRecord, user: UserRecord, password: string, ip: string | null): Promise<SessionRecord> {
  await checkPassword(ctx, user.email, password, ip, null);
  const now = ctx.clock();
  await ctx.store.markAuthenticated(session.id, now);
  ctx.log.info('session.reauthenticated', { sessionId: session.id });
  return { ...session, authenticatedAt: now };
}

/**
 * Changes the password. The current device gets a new session (a new id: whoever knew the old
 * one learns nothing); other sessions end when asked.
 */
export async function changePassword(
  ctx: SessionContext,
  current: { session: SessionRecord; user: UserRecord },
  input: { currentPassword: string; newPassword: string; signOutOtherDevices: boolean },
  ip: string | null,
): Promise<{ issued: IssuedSession; revoked: number }> {
  const user = await checkPassword(ctx, current.user.email, input.currentPassword, ip, null);
  await ctx.store.updatePasswordHash(user.id, await ctx.passwordWork.run(() => hashPassword(input.newPassword, ctx.config.passwordHashCost)));
  ctx.log.info('user.password_changed', { userId: user.id });
  const { session } = current;
  const issued = await createSession(ctx, {
    userId: user.id,
    tenantId: session.tenantId,
    device: session.device,
    ip: ip ?? session.ip,
    client: session.client,
  });
  await revokeSessions(ctx, [session.id], 'password-changed');
  const revoked = input.signOutOtherDevices
    ? await revokeSessionsOfUser(ctx, user.id, { exceptSessionId: issued.session.id }, 'password-changed')
    : [];
  return { issued, revoked: revoked.length };
}
