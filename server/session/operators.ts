/**
 * What an operator or a host application does with anybody's sessions: find a user, list and
 * end their sessions, end everybody's, disable a user, create a session for a user the host
 * signed in itself. Used by sessionctl and the library facade (server/index.ts).
 */
import { sessionIdSchema } from '../../shared/schemas.ts';
import type { SessionContext } from './context.ts';
import type { SessionRecord, TenantRecord, UserRecord } from './records.ts';
import { DEFAULT_TENANT_ID } from './records.ts';
import type { EndCause } from './revocation.ts';
import { endSessions } from './revocation.ts';
import { isLive } from './rules.ts';
import type { StoreKind } from './store.ts';

/** A user by id, or by email when the reference holds an `@`. */
export async function findUser(ctx: SessionContext, reference: string): Promise<UserRecord | null> {
  return reference.includes('@')
    ? ctx.store.findUserByEmail(reference.trim().toLowerCase())
    : ctx.store.findUserById(reference);
}

/** A user's live sessions, in every tenant unless one is named; the most recently active first. */
export async function listUserSessions(
  ctx: SessionContext,
  userId: string,
  tenantId?: string,
): Promise<SessionRecord[]> {
  const sessions = await ctx.store.listSessionsByUser(userId, ctx.clock(), tenantId === undefined ? {} : { tenantId });
  return sessions.sort((a, b) => b.lastActiveAt - a.lastActiveAt || a.id.localeCompare(b.id));
}

/** Host code and operators may pass anything: what could not be a session id names none, and no store sees it. */
const isSessionId = (value: string): boolean => sessionIdSchema.safeParse(value).success;

/** A live session by id, or null. */
export async function findLiveSession(ctx: SessionContext, sessionId: string): Promise<SessionRecord | null> {
  if (!isSessionId(sessionId)) return null;
  const session = await ctx.store.findSessionById(sessionId);
  return session !== null && isLive(session, ctx.clock()) ? session : null;
}

/** Ends sessions by id; returns the ids that existed. */
export async function revokeSessionsById(
  ctx: SessionContext,
  sessionIds: readonly string[],
  reason: EndCause,
): Promise<string[]> {
  return (await endSessions(ctx, { ids: sessionIds.filter(isSessionId) }, reason)).map((session) => session.id);
}

/** Ends every session of a user, in every tenant unless one is named; returns their ids. */
export async function revokeUserSessions(
  ctx: SessionContext,
  userId: string,
  tenantId: string | undefined,
  reason: EndCause,
): Promise<string[]> {
  const ended = await endSessions(ctx, tenantId === undefined ? { userId } : { userId, tenantId }, reason);
  return ended.map((session) => session.id);
}

/** Ends every user's sessions (of one tenant, or of all), e.g. after a breach; returns how many. */
export async function revokeEveryone(ctx: SessionContext, tenantId: string | undefined, by: string): Promise<number> {
  const ended = await endSessions(
    ctx,
    tenantId === undefined ? { everyone: true } : { everyone: true, tenantId },
    'revoked-everyone',
  );
  ctx.log.warn('session.revoked_everyone', { count: ended.length, tenantId: tenantId ?? null, by });
  return ended.length;
}

/** Stops a user from signing in and ends all their sessions at once; returns how many ended. */
export async function disableUser(ctx: SessionContext, userId: string, by: string): Promise<number> {
  await ctx.store.setUserDisabled(userId, ctx.clock());
  const ended = await endSessions(ctx, { userId }, 'user-disabled');
  ctx.log.info('user.disabled', { userId, by });
  return ended.length;
}

/** Lets a disabled user sign in again. */
export async function enableUser(ctx: SessionContext, userId: string): Promise<void> {
  await ctx.store.setUserDisabled(userId, null);
}

/** Creates a tenant; false when it exists already. */
export async function addTenant(ctx: SessionContext, tenantId: string): Promise<boolean> {
  return ctx.store.insertTenant({ id: tenantId, createdAt: ctx.clock() });
}

/** One cheap read proves the store answers (it throws StoreUnavailableError when it does not). */
export async function checkStoreHealth(ctx: SessionContext): Promise<StoreKind> {
  await ctx.store.findTenant(DEFAULT_TENANT_ID);
  return ctx.store.kind;
}

export async function findTenant(ctx: SessionContext, tenantId: string): Promise<TenantRecord | null> {
  return ctx.store.findTenant(tenantId);
}

/** Adds an existing user to a tenant (nothing changes when they are a member already). */
export async function addUserToTenant(ctx: SessionContext, userId: string, tenantId: string): Promise<void> {
  await ctx.store.addUserToTenant(userId, tenantId);
}
