// The dashboard shell: three routes on the history API, and the rule that a session ended
// elsewhere sends the person to the sign-in page with a sentence instead of errors.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../shared/client/api-client.ts';
import type { User } from '../shared/schemas.ts';
import { SignInForm } from '../shared/ui/SignInForm.tsx';
import { PAGE_TITLES, SESSION_ENDED_MESSAGE, SIGNED_OUT_MESSAGE, toRoute } from './routes.ts';
import type { RoutePath } from './routes.ts';
import { SecurityPage } from './SecurityPage.tsx';

export interface AppProps {
  client: ApiClient;
}

export function App({ client }: AppProps) {
  const [route, setRoute] = useState<RoutePath>(() => toRoute(location.pathname));
  const [user, setUser] = useState<User | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const signedIn = useRef(false);

  const navigate = useCallback((path: RoutePath, options: { replace?: boolean } = {}) => {
    if (location.pathname !== path) history[options.replace ? 'replaceState' : 'pushState'](null, '', path);
    setRoute(path);
  }, []);

  const endSession = useCallback(
    (nextMessage: string | null) => {
      signedIn.current = false;
      setUser(null);
      setMessage(nextMessage);
      navigate('/signin');
    },
    [navigate],
  );

  useEffect(() => {
    const onPopState = (): void => setRoute(toRoute(location.pathname));
    addEventListener('popstate', onPopState);
    // Only a session this page knew to be live can "end"; a visitor who never signed in just signs in.
    const unsubscribe = client.onSessionEnded(() => {
      if (signedIn.current) endSession(SESSION_ENDED_MESSAGE);
    });
    return () => {
      removeEventListener('popstate', onPopState);
      unsubscribe();
    };
  }, [client, endSession]);

  // Who is signed in decides "/" and guards the security page.
  useEffect(() => {
    if (route === '/signin' || (route === '/account/security' && user)) return;
    let cancelled = false;
    setBootError(null);
    void client.me().then((result) => {
      if (cancelled) return;
      if (result.data) {
        signedIn.current = true;
        setUser(result.data.user);
        if (route === '/') navigate('/account/security', { replace: true });
      } else if (result.error.status === 401) {
        navigate('/signin', { replace: true });
      } else {
        setBootError('Could not reach your account right now. Check your connection and try again.');
      }
    });
    return () => {
      cancelled = true;
    };
  }, [client, route, user, navigate]);

  useEffect(() => {
    document.title = PAGE_TITLES[route];
    mainRef.current?.focus();
  }, [route]);

  let page = null;
  if (bootError) {
    page = (
      <div class="sc-panel" role="alert">
        <p>{bootError}</p>
        <button type="button" class="sc-button" onClick={() => location.reload()}>
          Retry
        </button>
      </div>
    );
  } else if (route === '/signin') {
    page = (
      <SignInForm
        client={client}
        message={message}
        onSignedIn={(result) => {
          signedIn.current = true;
          setUser(result.user);
          setMessage(null);
          navigate('/account/security');
        }}
      />
    );
  } else if (route === '/account/security' && user) {
    page = (
      <SecurityPage
        client={client}
        user={user}
        onSignedOut={() => endSession(SIGNED_OUT_MESSAGE)}
      />
    );
  } else {
    page = <p class="db-loading">Loading…</p>;
  }

  return (
    <>
      <header class="db-header">
        <span class="db-brand">Session Control</span>
      </header>
      <main ref={mainRef} tabIndex={-1} class="db-main">
        {page}
      </main>
    </>
  );
}
