import { useMemo, useState } from 'preact/hooks';
import { describeError } from '../../shared/format/error-message.ts';
import type { PublicSession, User } from '../../shared/schemas.ts';
import { RetryPanel } from '../../shared/ui/RetryPanel.tsx';
import { SessionHistory } from '../../shared/ui/SessionHistory.tsx';
import { NewSignInAlerts } from '../../shared/ui/NewSignInAlerts.tsx';
import { SessionList } from '../../shared/ui/SessionList.tsx';
import { SignInForm } from '../../shared/ui/SignInForm.tsx';
import { useAccount } from '../../shared/ui/use-account.ts';
import { useNewSignIns } from '../../shared/ui/use-new-sign-ins.ts';
import type { CachedAccount } from '../platform/extension-storage.ts';
import type { PopupDeps } from './popup-deps.ts';

export interface PopupProps {
  deps: PopupDeps;
  /** The server the extension talks to, read before the first render. */
  origin: string;
  /** What the popup saw last time, read before the first render so that it paints at once. */
  cached: CachedAccount | null;
}

/** The toolbar popup: who is signed in where, every device, and sign-out for each. */
export function Popup({ deps, origin, cached }: PopupProps) {
  const client = useMemo(() => deps.createClient(origin), [deps, origin]);
  const account = useAccount({
    client,
    initialUser: cached?.user ?? null,
    signedOutMessage: null,
    canReach: () => deps.hasHostAccess(origin),
    onSignedOut: () => void deps.storage.clearCachedAccount(origin).then(() => deps.requestBadgeRefresh()),
  });
  const { state } = account;
  const signIns = useNewSignIns(client, account.newSignIns);
  // A password change from the "Was this you?" offer ends other devices: the lists load again.
  const [passwordChanges, setPasswordChanges] = useState(0);
  const changed = account.changes + signIns.version + passwordChanges;

  function sessionsChanged(user: User, sessions: PublicSession[]): void {
    signIns.listed(sessions);
    void deps.storage.setCachedAccount(origin, { user, sessions }).then(() => deps.requestBadgeRefresh());
  }

  const securityPage = `${origin}/account/security`;
  const host = new URL(origin).host;
  // The cached list paints at once, as long as the server confirms the same person.
  const initialSessions = state.kind === 'signed-in' && cached && state.user === cached.user ? cached.sessions : null;

  return (
    <main class="sc-popup">
      <header class="sc-popup-header">
        <h1 class="sc-popup-title">Session Control</h1>
        {state.kind === 'signed-in' ? (
          <p class="sc-popup-account">
            Signed in as <strong class="sc-popup-email">{state.user.email}</strong> on{' '}
            <span class="sc-popup-server">{host}</span>
          </p>
        ) : (
          <p class="sc-popup-account">
            Server: <span class="sc-popup-server">{host}</span>
          </p>
        )}
      </header>
      {state.kind === 'loading' ? <p class="sc-popup-status">Loading…</p> : null}
      {state.kind === 'no-access' ? (
        <div class="sc-panel" role="alert">
          <p>Session Control needs your permission to reach {host}.</p>
          <button type="button" class="sc-button sc-button-primary" onClick={() => void deps.openOptionsPage()}>
            Open settings
          </button>
        </div>
      ) : null}
      {state.kind === 'unreachable' ? (
        <RetryPanel message={describeError(state.error, 'sessions')} onRetry={account.retry} />
      ) : null}
      {state.kind === 'signed-out' ? (
        <SignInForm
          client={client}
          allowSignUp={false}
          message={state.message}
          onSignedIn={(result) => account.signedIn(result.user)}
        />
      ) : null}
      {state.kind === 'signed-in' ? (
        <NewSignInAlerts
          client={client}
          signIns={signIns}
          onPasswordChanged={() => setPasswordChanges((count) => count + 1)}
        />
      ) : null}
      {state.kind === 'signed-in' ? (
        <SessionList
          key={state.user.id}
          client={client}
          compact
          initialSessions={initialSessions}
          onSessionsChange={(sessions) => sessionsChanged(state.user, sessions)}
          onSignedOut={account.signedOut}
          reloadSignal={changed}
          answers={signIns}
        />
      ) : null}
      {state.kind === 'signed-in' ? (
        <SessionHistory
          key={state.user.id}
          client={client}
          compact
          pageSize={3}
          moreHref={securityPage}
          reloadSignal={changed}
        />
      ) : null}
      <footer class="sc-popup-footer">
        <a class="sc-popup-link" href={securityPage} target="_blank" rel="noopener noreferrer">
          Open the account security page
        </a>
        <button type="button" class="sc-link-button" onClick={() => void deps.openOptionsPage()}>
          Settings
        </button>
      </footer>
    </main>
  );
}
