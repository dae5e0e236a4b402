/**
 * Every device signed in to the account, current first, with sign-out for each, for all other
 * devices, and for this one. Used by the dashboard and the extension popup alike. Loading lives
 * in use-session-list.ts, the actions in use-session-actions.ts, the dialogs in SessionListDialog.
 */
import { useId, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import type { PublicSession } from '../schemas.ts';
import { deviceCount, groupByDevice } from '../format/device-groups.ts';
import { describeError } from '../format/error-message.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { PlacesAttribution, showsLookedUpPlace } from './PlacesAttribution.tsx';
import { RetryPanel } from './RetryPanel.tsx';
import { RenameDeviceDialog } from './RenameDeviceDialog.tsx';
import { SessionListDialog } from './SessionListDialog.tsx';
import { SessionRow } from './SessionRow.tsx';
import { useSessionActions } from './use-session-actions.ts';
import type { NewSignInAnswers } from './use-new-sign-ins.ts';
import { deviceTitle, renamedDevice } from '../format/device.ts';
import { useNow } from './use-now.ts';
import { useSessionList } from './use-session-list.ts';
import { t } from '../i18n/index.ts';

export interface SessionListProps {
  client: ApiClient;
  /** Show sessions of every tenant (and each one's tenant id). */
  allTenants?: boolean;
  /** Cached sessions to paint at once while fresh ones load. */
  initialSessions?: PublicSession[] | null;
  /** Called with every fresh list, for caching and badges. */
  onSessionsChange?: (sessions: PublicSession[]) => void;
  /**
   * The person signed this device out here. A session that ended elsewhere is not reported
   * here: the client's `onSessionEnded` says so, once, to whoever listens.
   */
  onSignedOut: () => void;
  /** Tighter rows for the popup. */
  compact?: boolean;
  /** The clock, for relative times; tests pass a fixed one. */
  now?: () => number;
  /** The account's `changes`: a new value reloads the list. */
  reloadSignal?: number;
  /** The host shows one banner when the server cannot be reached: say nothing of it here. */
  quietNetworkErrors?: boolean;
  /** "Was this you?" answers for rows of devices new to the account (the host's useNewSignIns). */
  answers?: NewSignInAnswers;
}

/** The list of devices with its actions; see {@link SessionListProps}. */
export function SessionList(props: SessionListProps) {
  const { client, allTenants = false, initialSessions, onSessionsChange, onSignedOut } = props;
  const { compact = false, now = Date.now, reloadSignal = 0, answers } = props;
  const [renaming, setRenaming] = useState<PublicSession | null>(null);
  const [renamed, setRenamed] = useState<string | null>(null);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const list = useSessionList(client, allTenants, initialSessions, onSessionsChange, reloadSignal);
  const { sessions, loading, reload, replace } = list;
  const quiet = props.quietNetworkErrors === true;
  const loadError = quiet && list.loadError?.code === 'NETWORK_ERROR' ? null : list.loadError;
  const nowMs = useNow(now);

  const current = sessions?.find((session) => session.current) ?? null;
  // Sessions are ended within the current tenant only, as the server does; others are shown, not offered.
  const inScope = (session: PublicSession): boolean => !current || session.tenantId === current.tenantId;
  const others = (sessions ?? []).filter((session) => !session.current && inScope(session));
  const actions = useSessionActions({
    client,
    sessions,
    others,
    replace,
    reload,
    onRemoved: () => headingRef.current?.focus(),
    onSignedOut,
    quietNetworkErrors: quiet,
  });
  const { busyId } = actions;

  return (
    <section
      class={`sc-session-list${compact ? ' sc-compact' : ''}`}
      aria-labelledby={headingId}
      aria-busy={loading ? 'true' : 'false'}
    >
      <h2 id={headingId} ref={headingRef} tabIndex={-1} class="sc-heading">
        {sessions === null ? t.yourDevices : t.yourDevicesCount(deviceCount(sessions))}
      </h2>
      <div class={actions.notice || renamed ? 'sc-live sc-success' : 'sc-live'} role="status">
        {actions.notice ?? renamed}
        {loading && sessions ? ` ${t.updating}` : null}
      </div>
      <ErrorAlert message={actions.actionError} />
      {sessions === null ? (
        loadError ? (
          <RetryPanel message={describeError(loadError, 'sessions')} onRetry={reload} />
        ) : (
          <div class="sc-skeleton">
            <p>{t.loadingYourDevices}</p>
            <div class="sc-skeleton-row" />
            <div class="sc-skeleton-row" />
          </div>
        )
      ) : (
        <>
          {loadError ? (
            <RetryPanel message={`${describeError(loadError, 'sessions')} ${t.listMayBeOutOfDate}`} onRetry={reload} />
          ) : null}
          <ul class="sc-sessions">
            {groupByDevice(sessions).map(({ session, sameDeviceAsAbove }) => (
              <SessionRow
                key={session.id}
                session={session}
                sameDeviceAsAbove={sameDeviceAsAbove}
                nowMs={nowMs}
                showTenant={allTenants}
                compact={compact}
                busy={busyId === session.id || (session.current && busyId === 'current')}
                canSignOut={inScope(session)}
                onSignOut={actions.askToSignOut}
                answers={answers}
                onRename={(session) => {
                  setRenamed(null);
                  setRenaming(session);
                }}
              />
            ))}
          </ul>
          {showsLookedUpPlace(sessions) ? <PlacesAttribution /> : null}
          {sessions.length === 0 ? <p class="sc-empty">{t.noDevicesSignedIn}</p> : null}
          {sessions.length > 0 && others.length === 0 ? <p class="sc-empty">{t.onlyDeviceSignedIn}</p> : null}
          {others.length > 0 ? (
            // In the popup this sits in a footer that stays in view while the list scrolls.
            <div class="sc-sign-out-others-bar">
              <button
                type="button"
                class="sc-button sc-button-danger sc-sign-out-others"
                disabled={busyId === 'others'}
                onClick={actions.askToSignOutOthers}
              >
                {busyId === 'others' ? t.signingOut : t.signOutAllOthers}
              </button>
            </div>
          ) : null}
        </>
      )}
      {renaming ? (
        <RenameDeviceDialog
          client={client}
          session={renaming}
          onCancel={() => setRenaming(null)}
          onRenamed={(session) => {
            setRenaming(null);
            replace(renamedDevice(sessions ?? [], session));
            setRenamed(session.device.label ? t.named(deviceTitle(session)) : t.nameRemoved(deviceTitle(session)));
          }}
        />
      ) : null}
      <SessionListDialog
        client={client}
        dialog={actions.dialog}
        onConfirm={actions.confirm}
        onReauthenticated={actions.reauthenticated}
        onCancel={actions.closeDialog}
      />
    </section>
  );
}
