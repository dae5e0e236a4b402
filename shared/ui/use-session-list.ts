/**
 * Loads the caller's sessions and keeps them in order. Cached sessions (the popup's) are shown
 * at once while fresh ones load; every fresh list goes to `onSessionsChange`. A new
 * `reloadSignal` (the account's `changes`) loads the list again.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient, ApiFailure } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import type { PublicSession } from '../schemas.ts';
import { sortSessions } from '../format/device.ts';

export interface SessionListState {
  sessions: PublicSession[] | null;
  loading: boolean;
  loadError: ApiFailure | null;
  reload: () => void;
  /** Replaces the list after a local change (a revoke), and reports it. */
  replace: (sessions: PublicSession[]) => void;
}

export function useSessionList(
  client: ApiClient,
  allTenants: boolean,
  initialSessions: PublicSession[] | null | undefined,
  onSessionsChange: ((sessions: PublicSession[]) => void) | undefined,
  reloadSignal = 0,
): SessionListState {
  const [sessions, setSessions] = useState<PublicSession[] | null>(
    initialSessions ? sortSessions(initialSessions) : null,
  );
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<ApiFailure | null>(null);
  const callbacks = useRef({ onSessionsChange });
  callbacks.current = { onSessionsChange };
  // Answers to older requests must not overwrite newer ones.
  const latestRequest = useRef(0);

  const replace = useCallback((next: PublicSession[]) => {
    const sorted = sortSessions(next);
    setSessions(sorted);
    callbacks.current.onSessionsChange?.(sorted);
  }, []);

  const reload = useCallback(() => {
    const request = ++latestRequest.current;
    setLoading(true);
    setLoadError(null);
    void client.listSessions({ allTenants }).then((result) => {
      if (request !== latestRequest.current) return;
      setLoading(false);
      if (result.data) {
        replace(result.data.sessions);
      } else if (isSessionEnded(result.error)) {
        // No load error: the client has told the host, which leaves the list.
      } else {
        setLoadError(result.error);
      }
    });
  }, [client, allTenants, replace]);

  useEffect(() => {
    reload();
    // A page left open in a background tab catches up (or learns it was signed out) on return.
    const onVisibilityChange = (): void => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      latestRequest.current += 1;
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [reload]);

  // The account heard that sessions changed elsewhere (or its stream came back): load again.
  const seenSignal = useRef(reloadSignal);
  useEffect(() => {
    if (seenSignal.current === reloadSignal) return;
    seenSignal.current = reloadSignal;
    reload();
  }, [reloadSignal, reload]);

  return { sessions, loading, loadError, reload, replace };
}
