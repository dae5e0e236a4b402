// The dashboard shell: three routes on the history API over the shared account shell, and the
// rule that a session ended elsewhere sends the person to the sign-in page with a sentence.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../shared/client/api-client.ts';
import { RetryPanel } from '../shared/ui/RetryPanel.tsx';
import { SignInForm } from '../shared/ui/SignInForm.tsx';
import { useAccount } from '../shared/ui/use-account.ts';
import { PAGE_TITLES, SIGNED_OUT_MESSAGE, toRoute } from './routes.ts';
import type { RoutePath } from './routes.ts';
import { SecurityPage } from './SecurityPage.tsx';

const UNREACHABLE_MESSAGE = 'Could not reach your account right now. Check your connection and try again.';

export interface AppProps {
  client: ApiClient;
}

export function App({ client }: AppProps) {
  const [route, setRoute] = useState<RoutePath>(() => toRoute(location.pathname));
  const mainRef = useRef<HTMLElement>(null);

  const navigate = useCallback((path: RoutePath, options: { replace?: boolean } = {}) => {
    if (location.pathname !== path) history[options.replace ? 'replaceState' : 'pushState'](null, '', path);
    setRoute(path);
  }, []);

  // Who is signed in decides "/" and guards the security page; the sign-in page asks nobody.
  const account = useAccount({
    client,
    signedOutMessage: SIGNED_OUT_MESSAGE,
    check: (known) => route !== '/signin' && !(route === '/account/security' && known),
    // A visitor found without a session replaces the page they asked for; an ending is a step.
    onSignedOut: (reason) => navigate('/signin', { replace: reason === 'not-signed-in' }),
  });
  const { state, user } = account;

  useEffect(() => {
    if (route === '/' && user) navigate('/account/security', { replace: true });
  }, [route, user, navigate]);

  useEffect(() => {
    const onPopState = (): void => setRoute(toRoute(location.pathname));
    addEventListener('popstate', onPopState);
    return () => removeEventListener('popstate', onPopState);
  }, []);

  useEffect(() => {
    document.title = PAGE_TITLES[route];
    mainRef.current?.focus();
  }, [route]);

  let page = null;
  if (state.kind === 'unreachable') {
    page = <RetryPanel message={UNREACHABLE_MESSAGE} onRetry={() => location.reload()} />;
  } else if (route === '/signin') {
    page = (
      <SignInForm
        client={client}
        message={state.kind === 'signed-out' ? state.message : null}
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
        changes={account.changes}
        newSignIns={account.newSignIns}
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
