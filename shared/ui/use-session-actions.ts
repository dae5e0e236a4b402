/**
 * What the session list can do: sign out one device, every other device, or this one, each
 * after a confirmation; a password prompt and one retry when the server wants a recent sign-in.
 * A session that ended meanwhile is not reported here: the client's `onSessionEnded` tells the
 * host, which leaves the list.
 */
import { useState } from 'preact/hooks';
import type { ApiClient, ApiResult } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import { deviceTitle } from '../format/device.ts';
import { describeError } from '../format/error-message.ts';
import type { PublicSession } from '../schemas.ts';
import type { SessionDialog } from './SessionListDialog.tsx';
import { signOutThisDevice } from './sign-out-this-device.ts';
import { t } from '../i18n/index.ts';

export interface SessionActionsOptions {
  /** A failure to reach the server is shown by the host's connection banner, not here. */
  quietNetworkErrors?: boolean;
  client: ApiClient;
  /** The list as shown now. */
  sessions: PublicSession[] | null;
  /** The sessions "sign out of all other devices" ends (the current tenant's, as the server does). */
  others: PublicSession[];
  /** Replaces the list after a local change. */
  replace: (sessions: PublicSession[]) => void;
  /** Loads the list anew from the server. */
  reload: () => void;
  /** Called after sessions were removed from the list, e.g. to move focus. */
  onRemoved: () => void;
  /** The person signed this device out. */
  onSignedOut: () => void;
}

export interface SessionActions {
  dialog: SessionDialog | null;
  /** Which action is running: a session id, `others` or `current`. */
  busyId: string | null;
  actionError: string | null;
  notice: string | null;
  /** Asks before signing out `session`, this device or another. */
  askToSignOut: (session: PublicSession) => void;
  askToSignOutOthers: () => void;
  /** Runs the action of the open confirmation. */
  confirm: () => void;
  /** The password was accepted: runs the action that asked for it again. */
  reauthenticated: () => void;
  closeDialog: () => void;
}

/** The actions of one session list, with their busy, error and notice state. */
export function useSessionActions(options: SessionActionsOptions): SessionActions {
  const { client, sessions, others, replace, reload, onRemoved, onSignedOut } = options;
  const [dialog, setDialog] = useState<SessionDialog | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function start(busyKey: string): void {
    setBusyId(busyKey);
    setActionError(null);
    setNotice(null);
  }

  /** Runs an action; asks for the password and retries once when the server wants a recent sign-in. */
  async function perform<T>(
    busyKey: string,
    purpose: string,
    action: () => Promise<ApiResult<T>>,
    onDone: (result: ApiResult<T>) => void,
  ): Promise<void> {
    start(busyKey);
    const result = await action();
    setBusyId(null);
    if (result.error?.code === 'REAUTH_REQUIRED') {
      setDialog({ kind: 'reauth', purpose, retry: () => void perform(busyKey, purpose, action, onDone) });
      return;
    }
    // The client has told the host already; this list is about to go.
    if (result.error && isSessionEnded(result.error)) return;
    // The host's one connection banner says it (issue 13: never several red messages).
    if (result.error?.code === 'NETWORK_ERROR' && options.quietNetworkErrors) return;
    onDone(result);
  }

  function removeLocally(ids: (session: PublicSession) => boolean): void {
    replace((sessions ?? []).filter((session) => !ids(session)));
    onRemoved();
  }

  function signOutOne(session: PublicSession): void {
    const title = deviceTitle(session);
    void perform(
      session.id,
      t.purposeSignOut(title),
      () => client.revokeSession(session.id),
      (result) => {
        if (!result.error || result.error.code === 'SESSION_NOT_FOUND') {
          removeLocally((candidate) => candidate.id === session.id);
          setNotice(result.error ? t.wasAlreadySignedOut(title) : t.signedOutDevice(title));
        } else {
          setActionError(t.couldNotSignOutDevice(title, describeError(result.error, 'revoke')));
        }
      },
    );
  }

  function signOutOthers(): void {
    void perform(
      'others',
      t.purposeSignOutOthers,
      () => client.revokeOtherSessions(),
      (result) => {
        if (result.data) {
          const revokedIds = new Set(others.map((session) => session.id));
          removeLocally((candidate) => revokedIds.has(candidate.id));
          setNotice(t.signedOutOthers(result.data.revoked));
          reload();
        } else {
          setActionError(t.couldNotSignOutOthers(describeError(result.error, 'revoke')));
        }
      },
    );
  }

  async function signOutHere(): Promise<void> {
    start('current');
    const failure = await signOutThisDevice(client);
    setBusyId(null);
    if (failure === null) onSignedOut();
    else setActionError(failure);
  }

  function confirm(): void {
    setDialog(null);
    if (dialog?.kind === 'confirm-one') signOutOne(dialog.session);
    else if (dialog?.kind === 'confirm-others') signOutOthers();
    else if (dialog?.kind === 'confirm-current') void signOutHere();
  }

  function reauthenticated(): void {
    setDialog(null);
    if (dialog?.kind === 'reauth') dialog.retry();
  }

  return {
    dialog,
    busyId,
    actionError,
    notice,
    askToSignOut: (session) =>
      setDialog(session.current ? { kind: 'confirm-current' } : { kind: 'confirm-one', session }),
    askToSignOutOthers: () => setDialog({ kind: 'confirm-others', count: others.length }),
    confirm,
    reauthenticated,
    closeDialog: () => setDialog(null),
  };
}
