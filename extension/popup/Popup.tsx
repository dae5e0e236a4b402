import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiClient, ApiFailure } from '../../shared/client/api-client.ts';
import { describeError } from '../../shared/format/error-message.ts';
import type { PublicSession, User } from '../../shared/schemas.ts';
import { SessionList } from '../../shared/ui/SessionList.tsx';
import { SignInForm } from '../../shared/ui/SignInForm.tsx';
import type { CachedAccount } from '../platform/extension-storage.ts';
import type { PopupDeps } from './popup-deps.ts';

type View =
  | { kind: 'loading' }
  | { kind: 'no-access' }
  | { kind: 'unreachable'; error: ApiFailure }
  | { kind: 'signed-out'; message: string | null }
  | { kind: 'signed-in'; user: User; initialSessions: PublicSession[] | null };

const SESSION_ENDED_MESSAGE = 'Your session has ended. Sign in again.';

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
  const [view, setView] = useState<View>(
    cached ? { kind: 'signed-in', user: cached.user, initialSessions: cached.sessions } : { kind: 'loading' },
  );
  const [attempt, setAttempt] = useState(0);

  function signedOut(message: string | null): void {
    setView({ kind: 'signed-out', message });
    void deps.storage.clearCachedAccount(origin).then(() => deps.requestBadgeRefresh());
  }

  useEffect(() => {
    let cancelled = false;
    const unsubscribe = client.onSessionEnded(() => {
      if (!cancelled) signedOut(SESSION_ENDED_MESSAGE);
    });
    void (async () => {
      // Both at once: the answer to me() is what matters; access only explains a failure.
      const [access, me] = await Promise.all([deps.hasHostAccess(origin), client.me()]);
      if (cancelled) return;
      if (!access) {
        setView({ kind: 'no-access' });
      } else if (me.data) {
        const user = me.data.user;
        setView((current) =>
          current.kind === 'signed-in' && current.user.id === user.id && current.user.email === user.email
            ? current
            : { kind: 'signed-in', user, initialSessions: null },
        );
      } else if (me.error.status === 401) {
        // Someone who was signed in last time learns why the list is gone.
        signedOut(cached ? SESSION_ENDED_MESSAGE : null);
      } else {
        // With a cached list on screen, the list shows its own "could not update" notice.
        setView((current) => (current.kind === 'signed-in' ? current : { kind: 'unreachable', error: me.error }));
      }
    })();
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [client, attempt]);

  function sessionsChanged(user: User, sessions: PublicSession[]): void {
    void deps.storage.setCachedAccount(origin, { user, sessions }).then(() => deps.requestBadgeRefresh());
  }

  const securityPage = `${origin}/account/security`;
  const host = new URL(origin).host;

  return (
    <main class="sc-popup">
      <header class="sc-popup-header">
        <h1 class="sc-popup-title">Session Control</h1>
        {view.kind === 'signed-in' ? (
          <p class="sc-popup-account">
            Signed in as <strong class="sc-popup-email">{view.user.email}</strong> on <span class="sc-popup-server">{host}</span>
          </p>
        ) : (
          <p class="sc-popup-account">
            Server: <span class="sc-popup-server">{host}</span>
          </p>
        )}
      </header>
      {view.kind === 'loading' ? <p class="sc-popup-status">Loading…</p> : null}
      {view.kind === 'no-access' ? (
        <div class="sc-panel" role="alert">
          <p>Session Control needs your permission to reach {host}.</p>
          <button type="button" class="sc-button sc-button-primary" onClick={() => void deps.openOptionsPage()}>
            Open settings
          </button>
        </div>
      ) : null}
      {view.kind === 'unreachable' ? (
        <div class="sc-panel" role="alert">
          <p>{describeError(view.error, 'sessions')}</p>
          <button type="button" class="sc-button" onClick={() => setAttempt((count) => count + 1)}>
            Retry
          </button>
        </div>
      ) : null}
      {view.kind === 'signed-out' ? (
        <SignInForm
          client={client}
          allowSignUp={false}
          message={view.message}
          onSignedIn={(result) => setView({ kind: 'signed-in', user: result.user, initialSessions: null })}
        />
      ) : null}
      {view.kind === 'signed-in' ? (
        <SessionList
          key={view.user.id}
          client={client}
          compact
          initialSessions={view.initialSessions}
          onSessionsChange={(sessions) => sessionsChanged(view.user, sessions)}
          onSignedOut={() => signedOut(null)}
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
