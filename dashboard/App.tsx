// The dashboard shell: three routes on the history API over the shared account shell, and the
// rule that a session ended elsewhere sends the person to the sign-in page with a sentence.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../shared/client/api-client.ts';
import { watchReachability } from '../shared/client/reachability.ts';
import { describeError } from '../shared/format/error-message.ts';
import { ConnectionBanner } from '../shared/ui/ConnectionBanner.tsx';
import { RetryPanel } from '../shared/ui/RetryPanel.tsx';
import { useConnection } from '../shared/ui/use-connection.ts';
import { SignInForm } from '../shared/ui/SignInForm.tsx';
import { useAccount } from '../shared/ui/use-account.ts';
import { t } from '../shared/i18n/index.ts';
import { pageTitle, toRoute } from './routes.ts';
import type { RoutePath } from './routes.ts';
import { ResetPasswordPage } from './ResetPasswordPage.tsx';
import { SecurityPage } from './SecurityPage.tsx';

export interface AppProps {
  client: ApiClient;
}

export function App({ client: plainClient }: AppProps) {
  // One banner for a server that cannot be reached, retrying by itself (issue 13 point 3).
  const watched = useMemo(() => watchReachability(plainClient), [plainClient]);
  const client = watched.client;
  const [loadAgain, setLoadAgain] = useState(0);
  const backAgain = useRef<() => void>(() => undefined);
  const connection = useConnection(watched, () => backAgain.current());
  const [route, setRoute] = useState<RoutePath>(() => toRoute(location.pathname));
  const mainRef = useRef<HTMLElement>(null);
  // One address per page: /account and /signin/ become /account/security and /signin.
  useEffect(() => {
    if (route !== '/' && location.pathname !== route) history.replaceState(null, '', route + location.hash);
  }, [route]);
  const routeRef = useRef(route);
  routeRef.current = route;

  const navigate = useCallback((path: RoutePath, options: { replace?: boolean } = {}) => {
    if (location.pathname !== path) history[options.replace ? 'replaceState' : 'pushState'](null, '', path);
    setRoute(path);
  }, []);

  // Who is signed in decides "/" and guards the security page; the sign-in page asks nobody.
  const account = useAccount({
    client,
    signedOutMessage: t.signedOutMessage,
    // Every page asks once, so that a signed-in person opening /signin lands on their account.
    check: (known) => route !== '/reset-password' && !(route === '/account/security' && known),
    // A visitor found without a session replaces the page they asked for; an ending is a step.
    onSignedOut: (reason) => {
      // A visitor already on the sign-in or sign-up page stays there.
      if (reason === 'not-signed-in' && (routeRef.current === '/signin' || routeRef.current === '/signup')) return;
      navigate('/signin', { replace: reason === 'not-signed-in' });
    },
  });
  const { state, user } = account;
  backAgain.current = () => {
    account.retry();
    setLoadAgain((count) => count + 1);
  };

  useEffect(() => {
    if ((route === '/' || route === '/signin' || route === '/signup') && user) {
      navigate('/account/security', { replace: true });
    }
  }, [route, user, navigate]);

  useEffect(() => {
    const onPopState = (): void => setRoute(toRoute(location.pathname));
    addEventListener('popstate', onPopState);
    return () => removeEventListener('popstate', onPopState);
  }, []);

  useEffect(() => {
    document.title = pageTitle(route);
    mainRef.current?.focus();
  }, [route]);

  let page = null;
  if (state.kind === 'unreachable' && state.error.code === 'NETWORK_ERROR') {
    page = null;
  } else if (state.kind === 'unreachable') {
    page = <RetryPanel message={describeError(state.error, 'sessions')} onRetry={account.retry} />;
  } else if (route === '/reset-password') {
    page = <ResetPasswordPage onSignIn={() => navigate('/signin')} />;
  } else if (route === '/signin' || route === '/signup') {
    page = (
      <SignInForm
        client={client}
        initialMode={route === '/signup' ? 'sign-up' : 'sign-in'}
        onModeChange={(mode) => navigate(mode === 'sign-up' ? '/signup' : '/signin', { replace: true })}
        message={state.kind === 'signed-out' ? state.message : null}
        messageTone={state.kind === 'signed-out' && state.message === t.signedOutMessage ? 'success' : 'warning'}
        onSignedIn={(result) => {
          account.signedIn(result.user);
          navigate('/account/security');
        }}
      />
    );
  } else if (route === '/account/security' && user) {
    page = (
      <SecurityPage
        client={client}
        user={user}
        onSignedOut={account.signedOut}
        changes={account.changes + loadAgain}
        newSignIns={account.newSignIns}
      />
    );
  } else {
    page = <p class="db-loading">{t.loading}</p>;
  }

  return (
    <>
      <header class="db-header">
        <span class="db-brand">{t.appName}</span>
      </header>
      <main ref={mainRef} tabIndex={-1} class="db-main">
        <ConnectionBanner connection={connection} />
        {page}
      </main>
    </>
  );
}
