import { useMemo, useState } from 'preact/hooks';
import { describeError } from '../../shared/format/error-message.ts';
import type { PublicSession, User } from '../../shared/schemas.ts';
import { RetryPanel } from '../../shared/ui/RetryPanel.tsx';
import { badgeTitle } from '../background/badge-text.ts';
import { ServerSetup } from './ServerSetup.tsx';
import { SessionHistory } from '../../shared/ui/SessionHistory.tsx';
import { NewSignInAlerts } from '../../shared/ui/NewSignInAlerts.tsx';
import { SessionList } from '../../shared/ui/SessionList.tsx';
import { SignInForm } from '../../shared/ui/SignInForm.tsx';
import { useAccount } from '../../shared/ui/use-account.ts';
import { useNewSignIns } from '../../shared/ui/use-new-sign-ins.ts';
import type { CachedAccount } from '../platform/extension-storage.ts';
import type { PopupDeps } from './popup-deps.ts';
import { t } from '../../shared/i18n/index.ts';

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
    signedOutMessage: t.signedOutMessage,
    canReach: () => deps.hasHostAccess(origin),
    onSignedOut: () => void deps.storage.clearCachedAccount(origin).then(() => deps.requestBadgeRefresh()),
  });
  const { state } = account;
  // The count the badge shows, in the same words as its tooltip; follows the list as it changes.
  const [sessionsNow, setSessionsNow] = useState<PublicSession[] | null>(cached?.sessions ?? null);
  const signIns = useNewSignIns(client, account.newSignIns);
  // A password change from the "Was this you?" offer ends other devices: the lists load again.
  const [passwordChanges, setPasswordChanges] = useState(0);
  const changed = account.changes + signIns.version + passwordChanges;

  function sessionsChanged(user: User, sessions: PublicSession[]): void {
    setSessionsNow(sessions);
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
        <h1 class="sc-popup-title">{t.appName}</h1>
        {state.kind === 'signed-in' ? (
          <>
            <p class="sc-popup-account">
              {t.signedInAs} <strong class="sc-popup-email">{state.user.email}</strong> {t.onServer}{' '}
              <span class="sc-popup-server">{host}</span>
            </p>
            {sessionsNow ? <p class="sc-popup-count">{badgeTitle(sessionsNow)}</p> : null}
          </>
        ) : (
          <p class="sc-popup-account">
            {t.serverLabel} <span class="sc-popup-server">{host}</span>
          </p>
        )}
      </header>
      {state.kind === 'loading' ? <p class="sc-popup-status">{t.loading}</p> : null}
      {state.kind === 'no-access' ? <ServerSetup deps={deps} origin={origin} reason="no-access" /> : null}
      {state.kind === 'unreachable' && state.error.code === 'NETWORK_ERROR' ? (
        <ServerSetup deps={deps} origin={origin} reason="unreachable" />
      ) : null}
      {state.kind === 'unreachable' && state.error.code !== 'NETWORK_ERROR' ? (
        <RetryPanel message={describeError(state.error, 'sessions')} onRetry={account.retry} />
      ) : null}
      {state.kind === 'signed-out' ? (
        <SignInForm
          client={client}
          serverName={host}
          signUpHref={`${origin}/signup`}
          message={state.message}
          messageTone={state.reason === 'signed-out' ? 'success' : 'warning'}
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
        {/* No link to a server that does not answer (the first run asks for the right one). */}
        {state.kind === 'signed-in' || state.kind === 'signed-out' ? (
          <a class="sc-popup-link" href={securityPage} target="_blank" rel="noopener noreferrer">
            {t.openSecurityPage}
          </a>
        ) : (
          <span />
        )}
        <button type="button" class="sc-link-button" onClick={() => void deps.openOptionsPage()}>
          {t.settings}
        </button>
      </footer>
    </main>
  );
}
