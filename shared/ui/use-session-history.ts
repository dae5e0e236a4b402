/**
 * Loads the caller's ended sessions a page at a time with the server's cursor. A new
 * `reloadSignal` (the account's `changes`) loads again as many as are shown, so that paging
 * the person did is kept.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient, ApiFailure } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import type { EndedSession } from '../schemas.ts';

/** The most the server gives in one page. */
const MAX_LIMIT = 100;

export interface SessionHistoryState {
  /** Null until the first page arrived. */
  sessions: EndedSession[] | null;
  /** More pages are there. */
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: ApiFailure | null;
  /** Where the first row of the last page shown by "Show more" is, for focus. */
  firstNewIndex: number | null;
  reload: () => void;
  showMore: () => void;
}

export function useSessionHistory(client: ApiClient, pageSize: number, reloadSignal: number): SessionHistoryState {
  const [sessions, setSessions] = useState<EndedSession[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [firstNewIndex, setFirstNewIndex] = useState<number | null>(null);
  // Answers to older requests must not overwrite newer ones.
  const latestRequest = useRef(0);
  const shown = useRef(0);

  const reload = useCallback(() => {
    const request = ++latestRequest.current;
    setLoading(true);
    setLoadingMore(false);
    setError(null);
    const limit = Math.min(MAX_LIMIT, Math.max(pageSize, shown.current));
    void client.history({ limit }).then((result) => {
      if (request !== latestRequest.current) return;
      setLoading(false);
      if (result.data) {
        shown.current = result.data.sessions.length;
        setSessions(result.data.sessions);
        setNext(result.data.next);
        setFirstNewIndex(null);
      } else if (!isSessionEnded(result.error)) {
        setError(result.error);
      }
    });
  }, [client, pageSize]);

  const showMore = useCallback(() => {
    if (next === null || sessions === null) return;
    const request = ++latestRequest.current;
    setLoadingMore(true);
    setError(null);
    void client.history({ limit: pageSize, before: next }).then((result) => {
      if (request !== latestRequest.current) return;
      setLoadingMore(false);
      if (result.data) {
        const known = new Set(sessions.map((session) => session.id));
        const added = result.data.sessions.filter((session) => !known.has(session.id));
        shown.current = sessions.length + added.length;
        setSessions([...sessions, ...added]);
        setNext(result.data.next);
        setFirstNewIndex(added.length > 0 ? sessions.length : null);
      } else if (!isSessionEnded(result.error)) {
        setError(result.error);
      }
    });
  }, [client, pageSize, next, sessions]);

  useEffect(() => {
    reload();
    return () => {
      latestRequest.current += 1;
    };
  }, [reload, reloadSignal]);

  return { sessions, hasMore: next !== null, loading, loadingMore, error, firstNewIndex, reload, showMore };
}
