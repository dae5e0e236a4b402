/**
 * The account shell both hosts share: who is signed in (asked with `me()`), the sign-in form
 * after a 401, a way to retry when the server could not be reached, and the one channel for a
 * session that ended, the client's `onSessionEnded`. While signed in it keeps the live event
 * stream open: a `session-ended` shows why at once, and `changes` tells the lists to reload. The
 * dashboard adds routes, the popup its cache and badge, through `onSignedOut`.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient, ApiFailure } from '../client/api-client.ts';
import { signedOutNotice } from '../format/end-reason.ts';
import { SESSION_ENDED_MESSAGE } from '../format/error-message.ts';
import type { NewSignInEvent, User } from '../schemas.ts';

/** Why this device is signed out: nobody was, the person signed out here, or the session ended. */
export type SignedOutReason = 'not-signed-in' | 'signed-out' | 'session-ended';

/** Where the account stands, as the host shows it. */
export type AccountState =
  | { kind: 'loading' }
  | { kind: 'no-access' }
  | { kind: 'unreachable'; error: ApiFailure }
  | { kind: 'signed-out'; reason: SignedOutReason; message: string | null }
  | { kind: 'signed-in'; user: User };

export interface AccountOptions {
  client: ApiClient;
  /** Who was signed in when this host last looked (the popup's cache): shown at once, taken as live. */
  initialUser?: User | null;
  /** The sentence on the sign-in form after the person signed out here. */
  signedOutMessage: string | null;
  /**
   * Whether to ask the server who is signed in now, given the user known so far (default: always,
   * once per `retry`). The dashboard's sign-in page does not, nor its security page once it knows.
   */
  check?: (user: User | null) => boolean;
  /** Asked alongside `me()`; false shows `no-access` (the extension's permission for the server). */
  canReach?: () => Promise<boolean>;
  /** This device became signed out, and why: the host moves to its sign-in page or forgets its cache. */
  onSignedOut?: (reason: SignedOutReason) => void;
}

export interface Account {
  state: AccountState;
  /** The signed-in user, or null. */
  user: User | null;
  /** The sign-in form succeeded. */
  signedIn: (user: User) => void;
  /** The person signed this device out. */
  signedOut: () => void;
  /** Asks the server again, e.g. after `unreachable`. */
  retry: () => void;
  /** Grows on every `sessions-changed` event and after every reconnect: lists reload when it does. */
  changes: number;
  /** `new-sign-in` events heard while this page is open, oldest first, one per session (use-new-sign-ins.ts). */
  newSignIns: NewSignInEvent[];
}

/** How long an ending seen by a request waits for the live stream to say why (see endSession). */
const STREAM_REASON_WAIT_MS = 1_000;

/** The account state machine of one host; see {@link AccountOptions}. */
export function useAccount(options: AccountOptions): Account {
  const { client, initialUser = null } = options;
  const [state, setState] = useState<AccountState>(() =>
    initialUser ? { kind: 'signed-in', user: initialUser } : { kind: 'loading' },
  );
  const [attempt, setAttempt] = useState(0);
  const [changes, setChanges] = useState(0);
  const [newSignIns, setNewSignIns] = useState<NewSignInEvent[]>([]);
  const user = state.kind === 'signed-in' ? state.user : null;
  const check = options.check ? options.check(user) : true;
  const latest = useRef(options);
  latest.current = options;
  // Only a session this host knew to be live can "end"; a visitor who never signed in just signs in.
  const live = useRef(initialUser !== null);
  // Counts ended sessions, so a check whose 401 the client already reported does not report it again.
  const endings = useRef(0);
  // Counts sign-ins here: a check sent before the person signed in says nothing about the new session.
  const signIns = useRef(0);

  const becomeSignedOut = useCallback((reason: SignedOutReason, message: string | null | 'keep') => {
    live.current = false;
    setState((current) => ({
      kind: 'signed-out',
      reason,
      message: message !== 'keep' ? message : current.kind === 'signed-out' ? current.message : null,
    }));
    latest.current.onSignedOut?.(reason);
  }, []);

  // Once the live stream has connected, an ending a request ran into is usually told by the stream
  // a moment later, with why and by which device: wait that moment before saying it without why.
  // Also when the stream has just closed: the server closes it right after `session-ended`, and the
  // close can be seen (and other requests' 401s can land) before that last event is read.
  const streamSeen = useRef(false);
  const pendingEnd = useRef<ReturnType<typeof setTimeout> | null>(null);
  const endSession = useCallback(() => {
    endings.current += 1;
    if (!streamSeen.current) {
      becomeSignedOut('session-ended', SESSION_ENDED_MESSAGE);
      return;
    }
    pendingEnd.current ??= setTimeout(() => {
      pendingEnd.current = null;
      if (live.current) becomeSignedOut('session-ended', SESSION_ENDED_MESSAGE);
    }, STREAM_REASON_WAIT_MS);
  }, [becomeSignedOut]);
  useEffect(
    () => () => {
      if (pendingEnd.current !== null) clearTimeout(pendingEnd.current);
    },
    [],
  );

  useEffect(
    () =>
      client.onSessionEnded(() => {
        if (live.current) endSession();
      }),
    [client, endSession],
  );

  // The live stream, while someone is signed in: the ended device says why within a second.
  const userId = user?.id ?? null;
  useEffect(() => {
    if (userId === null) return undefined;
    const changed = (): void => setChanges((count) => count + 1);
    const stop = client.subscribeEvents({
      onSessionEnded: (event) => {
        if (pendingEnd.current !== null) clearTimeout(pendingEnd.current);
        pendingEnd.current = null;
        if (!live.current) return;
        endings.current += 1;
        becomeSignedOut('session-ended', signedOutNotice(event));
      },
      onConnectionChange: (open) => {
        if (open) streamSeen.current = true;
      },
      onSessionsChanged: changed,
      onReconnected: changed,
      onNewSignIn: (event) =>
        setNewSignIns((heard) => [...heard.filter((known) => known.session.id !== event.session.id), event]),
    });
    return () => {
      stop();
      streamSeen.current = false;
      setNewSignIns([]);
    };
  }, [client, userId, becomeSignedOut]);

  useEffect(() => {
    if (!check) return undefined;
    let cancelled = false;
    const endingsAtStart = endings.current;
    const signInsAtStart = signIns.current;
    const canReach = latest.current.canReach;
    void (async () => {
      // Both at once: the answer to me() is what matters; reachability only explains a failure.
      const [reachable, me] = await Promise.all([canReach ? canReach() : true, client.me()]);
      if (cancelled || signIns.current !== signInsAtStart) return;
      if (!reachable) {
        setState({ kind: 'no-access' });
      } else if (me.data) {
        const found = me.data.user;
        live.current = true;
        setState((current) =>
          current.kind === 'signed-in' && current.user.id === found.id && current.user.email === found.email
            ? current
            : { kind: 'signed-in', user: found },
        );
      } else if (me.error.status === 401) {
        if (endings.current !== endingsAtStart) return;
        // Someone who was signed in last time learns why; anyone else just signs in.
        if (live.current) endSession();
        else becomeSignedOut('not-signed-in', 'keep');
      } else {
        const error = me.error;
        // With a list on screen (the popup's cache), the list shows its own "could not update" notice.
        setState((current) => (current.kind === 'signed-in' ? current : { kind: 'unreachable', error }));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client, check, attempt, endSession, becomeSignedOut]);

  const signedIn = useCallback((next: User) => {
    signIns.current += 1;
    live.current = true;
    setState({ kind: 'signed-in', user: next });
  }, []);

  const signedOut = useCallback(
    () => becomeSignedOut('signed-out', latest.current.signedOutMessage),
    [becomeSignedOut],
  );

  const retry = useCallback(() => setAttempt((count) => count + 1), []);

  return { state, user, signedIn, signedOut, retry, changes, newSignIns };
}
