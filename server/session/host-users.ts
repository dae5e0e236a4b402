/**
 * Users that a host application owns. A host signs people in itself (its own password check or
 * SSO) and hands us only their id; the store still keeps one row per user (sessions reference
 * it, and disabling a user works the same), so the first session of such a user adds a minimal
 * row: no password, and an "email" that no sign-up can ever take (it has no `@`).
 */
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import type { UserRecord } from './records.ts';
import type { DeviceFacts, IssuedSession } from './sessions.ts';
import { createSession } from './sessions.ts';

const HOST_USER_PREFIX = 'host:';
/** Not a hash verifyPassword can ever accept: a host user has no password of ours. */
const NO_PASSWORD = '!';
const USER_ID_MAX_LENGTH = 200;

/** True for a user row made for a host application's user (no password of ours). */
export function isHostUser(user: UserRecord): boolean {
  return user.email.startsWith(HOST_USER_PREFIX) && user.passwordHash === NO_PASSWORD;
}

/**
 * A session for `userId` in `tenantId`, adding the user row and the tenant when they are new.
 * One of our own accounts keeps its tenant memberships: `unknown-tenant` when it is not a
 * member. A disabled user gets no session (`invalid-credentials`).
 */
export async function createHostSession(
  ctx: SessionContext,
  userId: string,
  tenantId: string,
  device: DeviceFacts,
): Promise<Result<IssuedSession>> {
  if (userId === '' || userId.length > USER_ID_MAX_LENGTH) throw new RangeError('A user id is 1 to 200 characters.');
  const now = ctx.clock();
  let user = await ctx.store.findUserById(userId);
  if (user === null) {
    const row: UserRecord = {
      id: userId,
      email: `${HOST_USER_PREFIX}${userId}`,
      passwordHash: NO_PASSWORD,
      createdAt: now,
      disabledAt: null,
    };
    await ctx.store.insertTenant({ id: tenantId, createdAt: now });
    // False when a concurrent first sign-in of the same user added it a moment ago.
    await ctx.store.insertUser(row, tenantId);
    user = await ctx.store.findUserById(userId);
    if (user === null) throw new Error('The user row could not be added.');
  }
  if (user.disabledAt !== null) return fail('invalid-credentials');
  if (!(await ctx.store.isUserInTenant(userId, tenantId))) {
    if (!isHostUser(user)) return fail('unknown-tenant');
    await ctx.store.insertTenant({ id: tenantId, createdAt: now });
    await ctx.store.addUserToTenant(userId, tenantId);
  }
  return succeed(await createSession(ctx, { ...device, userId, tenantId }));
}
