/**
 * Sign-up, sign-in, re-authentication and password change. Failures are deliberately alike: an
 * unknown email, a wrong password, a disabled account and a user outside the tenant all fail as
 * `invalid-credentials` after the same amount of work.
 */
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import { currentRecord } from './my-sessions.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { accountFailureLimit, clearLimit, consume, ipFailureLimit, release, signUpLimit } from './rate-limits.ts';
import type { SessionRecord, UserRecord } from './records.ts';
import { DEFAULT_TENANT_ID } from './records.ts';
import { recogniseDevice } from './known-devices.ts';
import type { Caller } from './request-check.ts';
import { endSessions } from './revocation.ts';
import { newUserId } from './secrets.ts';
import type { DeviceFacts, IssuedSession } from './sessions.ts';
import { createSession, reissueTokens } from './sessions.ts';

export interface Credentials {
  email: string;
  password: string;
  tenantId?: string | undefined;
}

/**
 * Creates an account in a tenant, its password hashed; `email-taken` when the email is taken.
 * Shared by sign-up and `sessionctl add-user`.
 */
export async function createUser(
  ctx: SessionContext,
  email: string,
  password: string,
  tenantId: string,
  logFields: Record<string, unknown> = {},
): Promise<Result<UserRecord>> {
  const hashed = await ctx.passwordWork.run(() => hashPassword(password, ctx.config.passwordHashCost));
  if (!hashed.ok) return hashed;
  const user: UserRecord = {
    id: newUserId(),
    email,
    passwordHash: hashed.value,
    createdAt: ctx.clock(),
    disabledAt: null,
  };
  if (!(await ctx.store.insertUser(user, tenantId))) return fail('email-taken');
  ctx.log.info('user.created', { userId: user.id, tenantId, ...logFields });
  return succeed(user);
}

/** A session on the device the request came from, for a user who just proved who they are. */
async function startOnDevice(
  ctx: SessionContext,
  user: UserRecord,
  tenantId: string,
  facts: DeviceFacts,
  presentedDeviceTokens: readonly string[],
): Promise<IssuedSession> {
  const known = await recogniseDevice(ctx, user.id, presentedDeviceTokens);
  const issued = await createSession(ctx, { ...facts, userId: user.id, tenantId, knownDevice: known });
  return { ...issued, deviceToken: known.deviceToken };
}

/** Creates an account and its first session; `presentedDeviceTokens` are the secrets the device sent. */
export async function signUp(
  ctx: SessionContext,
  input: Credentials,
  device: DeviceFacts,
  presentedDeviceTokens: readonly string[] = [],
): Promise<Result<{ user: UserRecord; issued: IssuedSession }>> {
  const tenantId = input.tenantId ?? DEFAULT_TENANT_ID;
  const limited = await consume(ctx, signUpLimit(device.ip));
  if (limited !== null) return limited;
  if ((await ctx.store.findTenant(tenantId)) === null) return fail('unknown-tenant');
  if ((await ctx.store.findUserByEmail(input.email)) !== null) return fail('email-taken');
  const user = await createUser(ctx, input.email, input.password, tenantId);
  if (!user.ok) return user;
  const issued = await startOnDevice(ctx, user.value, tenantId, device, presentedDeviceTokens);
  return succeed({ user: user.value, issued });
}

/**
 * Checks an email and password. The attempt is counted before the check and taken back if the
 * password was right, so a burst of simultaneous guesses cannot all slip past the limit.
 */
async function checkPassword(
  ctx: SessionContext,
  email: string,
  password: string,
  ip: string | null,
  tenantId: string | null,
): Promise<Result<UserRecord>> {
  const accountLimit = accountFailureLimit(email);
  const addressLimit = ipFailureLimit(ip);
  const limited = (await consume(ctx, accountLimit)) ?? (await consume(ctx, addressLimit));
  if (limited !== null) return limited;
  const user = await ctx.store.findUserByEmail(email);
  const matches = await ctx.passwordWork.run(() =>
    verifyPassword(password, user?.passwordHash ?? ctx.dummyPasswordHash),
  );
  if (!matches.ok) return matches;
  const inTenant = user !== null && (tenantId === null || (await ctx.store.isUserInTenant(user.id, tenantId)));
  if (user === null || !matches.value || !inTenant || user.disabledAt !== null) {
    ctx.log.warn('auth.failed', { userId: user?.id ?? null, ip, tenantId });
    return fail('invalid-credentials');
  }
  await clearLimit(ctx, accountLimit);
  await release(ctx, addressLimit);
  return succeed(user);
}

/** Signs in; the device's secret is looked at only once the password was right. */
export async function signIn(
  ctx: SessionContext,
  input: Credentials,
  device: DeviceFacts,
  presentedDeviceTokens: readonly string[] = [],
): Promise<Result<{ user: UserRecord; issued: IssuedSession }>> {
  const tenantId = input.tenantId ?? DEFAULT_TENANT_ID;
  const user = await checkPassword(ctx, input.email, input.password, device.ip, tenantId);
  if (!user.ok) return user;
  const issued = await startOnDevice(ctx, user.value, tenantId, device, presentedDeviceTokens);
  return succeed({ user: user.value, issued });
}

/**
 * Marks the caller's session as freshly authenticated after the password was given again. A
 * cookie-mode client also gets fresh tokens (ASVS 7.2.4), invisibly to the page; header mode
 * keeps its tokens, since the contract's answer carries none and the client could not learn them.
 */
export async function reauthenticate(
  ctx: SessionContext,
  caller: Caller,
  password: string,
  ip: string | null,
): Promise<Result<{ session: SessionRecord; reissued: IssuedSession | null }>> {
  const current = await currentRecord(ctx, caller);
  if (!current.ok) return current;
  const { session, user } = current.value;
  const checked = await checkPassword(ctx, user.email, password, ip, null);
  if (!checked.ok) return checked;
  return markReauthenticated(ctx, caller, session);
}

/** What follows a password given again, ours or a host's: fresh now, and fresh tokens for cookies. */
export async function markReauthenticated(
  ctx: SessionContext,
  caller: Caller,
  session: SessionRecord,
): Promise<Result<{ session: SessionRecord; reissued: IssuedSession | null }>> {
  const now = ctx.clock();
  await ctx.store.markAuthenticated(session.id, now);
  ctx.log.info('session.reauthenticated', { sessionId: session.id });
  if (caller.mode === 'header') return succeed({ session: { ...session, authenticatedAt: now }, reissued: null });
  const reissued = await reissueTokens(ctx, session.id);
  if (reissued === null) return fail('session-ended');
  return succeed({ session: { ...session, authenticatedAt: now }, reissued });
}

/**
 * Changes the password. The current device gets a new session (a new id: whoever knew the old
 * one learns nothing); other sessions, in every tenant, end when asked.
 */
export async function changePassword(
  ctx: SessionContext,
  caller: Caller,
  input: { currentPassword: string; newPassword: string; signOutOtherDevices: boolean },
  ip: string | null,
): Promise<Result<{ issued: IssuedSession; revoked: number }>> {
  const current = await currentRecord(ctx, caller);
  if (!current.ok) return current;
  const { session } = current.value;
  const user = await checkPassword(ctx, current.value.user.email, input.currentPassword, ip, null);
  if (!user.ok) return user;
  const hashed = await ctx.passwordWork.run(() => hashPassword(input.newPassword, ctx.config.passwordHashCost));
  if (!hashed.ok) return hashed;
  await ctx.store.updatePasswordHash(user.value.id, hashed.value);
  ctx.log.info('user.password_changed', { userId: user.value.id });
  const issued = await createSession(ctx, {
    userId: user.value.id,
    tenantId: session.tenantId,
    device: session.device,
    ip: ip ?? session.ip,
    client: session.client,
    // The same device; proving the password again answers "was this you?" too.
    knownDevice: { deviceId: session.deviceId, newDevice: false, label: session.device.label },
  });
  await endSessions(ctx, { ids: [session.id] }, 'password-changed');
  const revoked = input.signOutOtherDevices
    ? await endSessions(ctx, { userId: user.value.id, exceptSessionId: issued.session.id }, 'password-changed')
    : [];
  return succeed({ issued, revoked: revoked.length });
}
