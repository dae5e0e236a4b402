/**
 * What a person says about one of their devices (issue 12): its name, and "yes, it was me" for a
 * sign-in from a new device. Scoped like ending a session: another user's or tenant's session, or
 * one that has ended, is answered exactly like one that does not exist, and nothing changes.
 */
import type { PublicSession } from '../../shared/schemas.ts';
import type { SessionContext } from './context.ts';
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';
import { toPublicSession } from './public-session.ts';
import type { SessionRecord } from './records.ts';
import type { Caller } from './request-check.ts';
import { isCallersSession } from './rules.ts';

async function callersSession(ctx: SessionContext, caller: Caller, sessionId: string): Promise<Result<SessionRecord>> {
  const target = await ctx.store.findSessionById(sessionId);
  if (target === null || !isCallersSession(caller.claims, target, ctx.clock())) return fail('session-not-found');
  return succeed(target);
}

/**
 * Names the device a session runs on (null removes the name): every session on that device, live
 * or in the history, now and later, shows it. The label was validated by the request schema.
 */
export async function labelDevice(
  ctx: SessionContext,
  caller: Caller,
  sessionId: string,
  label: string | null,
): Promise<Result<PublicSession>> {
  const target = await callersSession(ctx, caller, sessionId);
  if (!target.ok) return target;
  const session = target.value;
  await ctx.store.labelDevice(session.id, session.deviceId, label);
  ctx.log.info('device.labelled', { sessionId: session.id, deviceId: session.deviceId, removed: label === null });
  await ctx.events.publishChanged({ userId: session.userId, tenantId: session.tenantId, sessionId }, 'renamed');
  const labelled = { ...session, device: { ...session.device, label } };
  return succeed(toPublicSession(labelled, caller.claims.sid));
}

/** "Yes, it was me": the session's `newDevice` becomes false. */
export async function acknowledgeSignIn(ctx: SessionContext, caller: Caller, sessionId: string): Promise<Result<null>> {
  const target = await callersSession(ctx, caller, sessionId);
  if (!target.ok) return target;
  const session = target.value;
  await ctx.store.acknowledgeSession(session.id);
  ctx.log.info('session.acknowledged', { sessionId: session.id, deviceId: session.deviceId });
  await ctx.events.publishChanged({ userId: session.userId, tenantId: session.tenantId, sessionId }, 'acknowledged');
  return succeed(null);
}
