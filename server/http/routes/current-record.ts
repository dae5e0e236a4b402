import { ApiError } from '../../errors.ts';
import type { SessionContext } from '../../session/context.ts';
import type { SessionWithUser } from '../../storage/store.ts';
import type { SessionHandle } from '../authenticate.ts';

/**
 * The caller's stored session and user. Strict mode already loaded them; in stateless mode they
 * are read here, for the actions that need them (re-authentication, password change).
 */
export async function currentRecord(ctx: SessionContext, handle: SessionHandle): Promise<SessionWithUser> {
  const record = handle.record ?? (await ctx.store.findSessionWithUser(handle.getHandle()));
  if (record === null || record.user.disabledAt !== null || record.session.userId !== handle.getUserId()) {
    throw new ApiError('UNAUTHORISED', 'This session has ended. Sign in again.');
  }
  return record;
}
