/**
 * While the server cannot be reached: retry on its own, with backoff (2, 4, 8, 16, then every
 * 30 s), and at once when the browser says it is back online; when an answer comes, the banner
 * goes by itself and the host loads again (`onBack`).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { WatchedClient } from '../client/reachability.ts';

const BACKOFF_SECONDS = [2, 4, 8, 16, 30];

export interface Connection {
  down: boolean;
  /** The browser says it has no network at all. */
  offline: boolean;
  /** Asks the server now instead of at the next try. */
  retryNow: () => void;
}

export function useConnection(watched: WatchedClient, onBack: () => void): Connection {
  const [down, setDown] = useState(watched.isDown());
  const [offline, setOffline] = useState(typeof navigator !== 'undefined' && navigator.onLine === false);
  // Failed tries since the server went down: each waits longer than the one before.
  const [tries, setTries] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latestOnBack = useRef(onBack);
  latestOnBack.current = onBack;

  const retryNow = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    void watched.client.health();
  }, [watched]);

  useEffect(
    () =>
      watched.onChange((isDown) => {
        setDown(isDown);
        setTries(0);
        if (!isDown) latestOnBack.current();
      }),
    [watched],
  );

  // The next try while down.
  useEffect(() => {
    if (!down) return undefined;
    const seconds = BACKOFF_SECONDS[Math.min(tries, BACKOFF_SECONDS.length - 1)] ?? 30;
    const scheduled = setTimeout(() => {
      timer.current = null;
      void watched.client.health().then((result) => {
        if (result.error?.code === 'NETWORK_ERROR') setTries((count) => count + 1);
      });
    }, seconds * 1000);
    timer.current = scheduled;
    return () => clearTimeout(scheduled);
  }, [down, tries, watched]);

  useEffect(() => {
    const online = (): void => {
      setOffline(false);
      retryNow();
    };
    const gone = (): void => setOffline(true);
    addEventListener('online', online);
    addEventListener('offline', gone);
    return () => {
      removeEventListener('online', online);
      removeEventListener('offline', gone);
    };
  }, [retryNow]);

  return { down, offline, retryNow };
}
