/**
 * What a host application hears about sessions and adds to them (server/index.ts takes these as
 * options). The core calls them at its one place for each: createSession for a new session,
 * sessionsEnded (revocation.ts) for every ending, and the token signer for the host's claims.
 */
import type { EndReason } from '../../shared/schemas.ts';
import type { Logger } from '../log.ts';

/** Which session a hook is about. */
export interface SessionRef {
  sessionId: string;
  userId: string;
  tenantId: string;
}

export interface SessionHooks {
  /** After a session was created (sign-in, sign-up, createNewSession, password change). */
  onSessionCreated?(session: SessionRef): void | Promise<void>;
  /** After a session ended, for every reason (signed out, ended from another device, expired…). */
  onSessionEnded?(session: SessionRef & { reason: EndReason }): void | Promise<void>;
  /**
   * Claims of the host's own for each access token issued (at creation and every refresh). They
   * travel under the one claim `ext`, so they can never replace ours (sub, sid, tid, exp, jti…).
   * A throw fails the request: no token is issued without the claims the host relies on.
   */
  accessTokenClaims?(session: SessionRef): Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Checks the password of the host's own user when they confirm who they are before ending other
   * devices (POST /auth/reauthenticate, the element's dialog). Without it, such a user confirms by
   * signing in again through the host. Our rate limits apply around it.
   */
  verifyPassword?(session: SessionRef, password: string): boolean | Promise<boolean>;
}

type Notification = 'onSessionCreated' | 'onSessionEnded';

/** Runs a notification hook; a host's failure is logged and never undoes what happened. */
export async function notify<Name extends Notification>(
  log: Logger,
  hooks: SessionHooks | undefined,
  name: Name,
  event: Parameters<NonNullable<SessionHooks[Name]>>[0],
): Promise<void> {
  const hook = hooks?.[name] as ((event: unknown) => void | Promise<void>) | undefined;
  if (hook === undefined) return;
  try {
    await hook.call(hooks, event);
  } catch (error) {
    log.error('hook.failed', { hook: name, error });
  }
}
