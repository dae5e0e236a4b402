/**
 * Every device signed in to the account, current first, with sign-out for each, for all other
 * devices, and for this one. Used by the dashboard and the extension popup alike.
 */
import { useId, useRef, useState } from 'preact/hooks';
import type { ApiClient, ApiResult } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import type { PublicSession } from '../schemas.ts';
import { deviceTitle } from '../format/device.ts';
import { describeError } from '../format/error-message.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ReauthDialog } from './ReauthDialog.tsx';
import { SessionRow } from './SessionRow.tsx';
import { useSessionList } from './use-session-list.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

export interface SessionListProps {
  client: ApiClient;
  /** Show sessions of every tenant (and each one's tenant id). */
  allTenants?: boolean;
  /** Cached sessions to paint at once while fresh ones load. */
  initialSessions?: PublicSession[] | null;
  /** Called with every fresh list, for caching and badges. */
  onSessionsChange?: (sessions: PublicSession[]) => void;
  /** This device is signed out: by the person, or because the session ended elsewhere. */
  onSignedOut: (reason: 'signed-out' | 'session-ended') => void;
  /** Tighter rows for the popup. */
  compact?: boolean;
  /** The clock, for relative times; tests pass a fixed one. */
  now?: () => number;
}

type Dialog =
  | { kind: 'confirm-one'; session: PublicSession }
  | { kind: 'confirm-others'; count: number }
  | { kind: 'confirm-current' }
  | { kind: 'reauth'; purpose: string; retry: () => void };

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function SessionList({ client, allTenants = false, initialSessions, onSessionsChange, onSignedOut, compact = false, now = Date.now }: SessionListProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionEnded = () => onSignedOut('session-ended');
  const { sessions, loading, loadError, reload, replace } = useSessionList(client, allTenants, initialSessions, onSessionsChange, sessionEnded);
  const nowMs = now();

  const current = sessions?.find((session) => session.current) ?? null;
  // "Sign out of all other devices" acts in the current tenant only, as the server does.
  const others = (sessions ?? []).filter((session) => !session.current && (!current || session.tenantId === current.tenantId));

  /** Runs an action; asks for the password and retries once when the server wants a recent sign-in. */
  async function perform<T>(busyKey: string, purpose: string, action: () => Promise<ApiResult<T>>, onDone: (result: ApiResult<T>) => void): Promise<void> {
    setBusyId(busyKey);
    setActionError(null);
    setNotice(null);
    const result = await action();
    setBusyId(null);
    if (result.error?.code === 'REAUTH_REQUIRED') {
      setDialog({ kind: 'reauth', purpose, retry: () => void perform(busyKey, purpose, action, onDone) });
      return;
    }
    if (result.error && isSessionEnded(result.error)) {
      sessionEnded();
      return;
    }
    onDone(result);
  }

  function removeLocally(ids: (session: PublicSession) => boolean): void {
    replace((sessions ?? []).filter((session) => !ids(session)));
    headingRef.current?.focus();
  }

  function signOutOne(session: PublicSession): void {
    const title = deviceTitle(session);
    void perform(session.id, `sign out ${title}`, () => client.revokeSession(session.id), (result) => {
      if (!result.error || result.error.code === 'SESSION_NOT_FOUND') {
        removeLocally((candidate) => candidate.id === session.id);
        setNotice(result.error ? `${title} was already signed out.` : `Signed out ${title}.`);
      } else {
        setActionError(`Could not sign out ${title}. ${describeError(result.error, 'revoke')}`);
      }
    });
  }

  function signOutOthers(): void {
    void perform('others', 'sign out of your other devices', () => client.revokeOtherSessions(), (result) => {
      if (result.data) {
        const revokedIds = new Set(others.map((session) => session.id));
        removeLocally((candidate) => revokedIds.has(candidate.id));
        setNotice(`Signed out of ${plural(result.data.revoked, 'other device', 'other devices')}.`);
        reload();
      } else {
        setActionError(`Could not sign out your other devices. ${describeError(result.error, 'revoke')}`);
      }
    });
  }

  function signOutThisDevice(): void {
    void perform('current', 'sign out', () => client.signOut(), (result) => {
      // 401: the session was already over; either way this device is signed out now.
      if (!result.error || result.error.status === 401) onSignedOut('signed-out');
      else setActionError(`Could not sign out. ${describeError(result.error, 'revoke')}`);
    });
  }

  function askToSignOut(session: PublicSession): void {
    setDialog(session.current ? { kind: 'confirm-current' } : { kind: 'confirm-one', session });
  }

  return (
    <section class={`sc-session-list${compact ? ' sc-compact' : ''}`} aria-labelledby={headingId} aria-busy={loading ? 'true' : 'false'}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} class="sc-heading">
        Devices signed in to your account
      </h2>
      <div class="sc-live" role="status">
        {notice}
        {loading && sessions ? ' Updating…' : null}
      </div>
      <ErrorAlert message={actionError} />
      {sessions === null ? (
        loadError ? (
          <div class="sc-panel" role="alert">
            <p>{describeError(loadError, 'sessions')}</p>
            <button type="button" class="sc-button" onClick={reload}>
              Retry
            </button>
          </div>
        ) : (
          <div class="sc-skeleton">
            <p>Loading your devices…</p>
            <div class="sc-skeleton-row" />
            <div class="sc-skeleton-row" />
          </div>
        )
      ) : (
        <>
          {loadError ? (
            <div class="sc-panel" role="alert">
              <p>{describeError(loadError, 'sessions')} The list below may be out of date.</p>
              <button type="button" class="sc-button" onClick={reload}>
                Retry
              </button>
            </div>
          ) : null}
          <ul class="sc-sessions">
            {sessions.map((session) => (
              <SessionRow
                key={session.id}
                session={session}
                nowMs={nowMs}
                showTenant={allTenants}
                compact={compact}
                busy={busyId === session.id || (session.current && busyId === 'current')}
                // Sessions are ended within the current tenant; others are shown, not offered.
                canSignOut={!current || session.tenantId === current.tenantId}
                onSignOut={askToSignOut}
              />
            ))}
          </ul>
          {sessions.length === 0 ? <p class="sc-empty">No devices are signed in.</p> : null}
          {sessions.length > 0 && others.length === 0 ? <p class="sc-empty">This is the only device signed in.</p> : null}
          {others.length > 0 ? (
            <button
              type="button"
              class="sc-button sc-button-danger sc-sign-out-others"
              disabled={busyId === 'others'}
              onClick={() => setDialog({ kind: 'confirm-others', count: others.length })}
            >
              {busyId === 'others' ? 'Signing out…' : 'Sign out of all other devices'}
            </button>
          ) : null}
        </>
      )}
      {dialog?.kind === 'confirm-one' ? (
        <ConfirmDialog
          title={`Sign out ${deviceTitle(dialog.session)}?`}
          message="Whoever uses that device will have to sign in again."
          confirmLabel="Sign out"
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            signOutOne(dialog.session);
          }}
        />
      ) : null}
      {dialog?.kind === 'confirm-current' ? (
        <ConfirmDialog
          title="Sign out of this device?"
          message="You will need to sign in again here."
          confirmLabel="Sign out"
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            signOutThisDevice();
          }}
        />
      ) : null}
      {dialog?.kind === 'confirm-others' ? (
        <ConfirmDialog
          title={`Sign out of ${plural(dialog.count, 'other device', 'other devices')}?`}
          message="Only this device stays signed in."
          confirmLabel="Sign out all"
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            setDialog(null);
            signOutOthers();
          }}
        />
      ) : null}
      {dialog?.kind === 'reauth' ? (
        <ReauthDialog
          client={client}
          purpose={dialog.purpose}
          onCancel={() => setDialog(null)}
          onSessionEnded={sessionEnded}
          onReauthenticated={() => {
            setDialog(null);
            dialog.retry();
          }}
        />
      ) : null}
    </section>
  );
}
