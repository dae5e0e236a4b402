/**
 * "Was this you?" for sign-ins from devices the account had not used before: which ones wait for
 * an answer (heard live as `new-sign-in`, or listed with `newDevice: true`), and the two answers.
 * "Yes, it was me" acknowledges; "No, sign it out" ends that session (asking for the password when
 * the server wants a recent sign-in) and then offers the password change. The host renders the
 * banners (NewSignInAlerts.tsx) and hands the same answers to the list's rows.
 */
import { useCallback, useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import { isSessionEnded } from '../client/api-client.ts';
import { deviceTitle } from '../format/device.ts';
import { describeError } from '../format/error-message.ts';
import type { NewSignInEvent, PublicSession } from '../schemas.ts';
import { t } from '../i18n/index.ts';

/** One sign-in waiting for an answer. */
export interface PendingSignIn {
  session: PublicSession;
  /** The server said the account had never signed in from that country. */
  newCountry: boolean;
}

/** What the rows of the list need to answer from there. */
export interface NewSignInAnswers {
  /** The session whose answer is being sent, if any. */
  busyId: string | null;
  acknowledge: (session: PublicSession) => void;
  reject: (session: PublicSession) => void;
}

export interface NewSignIns extends NewSignInAnswers {
  pending: PendingSignIn[];
  /** The last answer's outcome, for a status line. */
  notice: string | null;
  error: string | null;
  /** Set while the server wants the password before "No, sign it out" can go through. */
  reauth: { purpose: string; retry: () => void } | null;
  reauthenticated: () => void;
  cancelReauth: () => void;
  /** The session just signed out with "No": offer the password change. */
  secured: PublicSession | null;
  dismissSecured: () => void;
  /** Grows after every answer: the host reloads its lists. */
  version: number;
  /** The list as loaded now (the list's `onSessionsChange`). */
  listed: (sessions: PublicSession[]) => void;
}

/** The answers for one host; `heard` is the account's `newSignIns`. */
export function useNewSignIns(client: ApiClient, heard: readonly NewSignInEvent[]): NewSignIns {
  const [listedSessions, setListedSessions] = useState<PublicSession[] | null>(null);
  const [answered, setAnswered] = useState<ReadonlySet<string>>(() => new Set());
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reauth, setReauth] = useState<NewSignIns['reauth']>(null);
  const [secured, setSecured] = useState<PublicSession | null>(null);
  const [version, setVersion] = useState(0);

  const pending = useMemo(() => pendingSignIns(heard, listedSessions, answered), [heard, listedSessions, answered]);

  const done = (session: PublicSession, sentence: string): void => {
    setAnswered((ids) => new Set([...ids, session.id]));
    setNotice(sentence);
    setVersion((count) => count + 1);
  };

  function start(session: PublicSession): void {
    setBusyId(session.id);
    setError(null);
    setNotice(null);
  }

  async function acknowledge(session: PublicSession): Promise<void> {
    const title = deviceTitle(session);
    start(session);
    const result = await client.acknowledgeSession(session.id);
    setBusyId(null);
    if (!result.error) done(session, t.staysSignedIn(title));
    else if (result.error.code === 'SESSION_NOT_FOUND') done(session, t.isAlreadySignedOut(title));
    else if (!isSessionEnded(result.error)) setError(t.answerNotSaved(describeError(result.error, 'revoke')));
  }

  async function reject(session: PublicSession): Promise<void> {
    const title = deviceTitle(session);
    start(session);
    const result = await client.revokeSession(session.id);
    setBusyId(null);
    if (result.error?.code === 'REAUTH_REQUIRED') {
      setReauth({ purpose: t.purposeSignOut(title), retry: () => void reject(session) });
      return;
    }
    if (!result.error || result.error.code === 'SESSION_NOT_FOUND') {
      done(session, result.error ? t.wasAlreadySignedOut(title) : t.signedOutDevice(title));
      setSecured(session);
    } else if (!isSessionEnded(result.error)) {
      setError(t.couldNotSignOutDevice(title, describeError(result.error, 'revoke')));
    }
  }

  const listed = useCallback((sessions: PublicSession[]) => setListedSessions(sessions), []);

  return {
    pending,
    busyId,
    notice,
    error,
    reauth,
    secured,
    version,
    acknowledge: (session) => void acknowledge(session),
    reject: (session) => void reject(session),
    reauthenticated: () => {
      const retry = reauth?.retry;
      setReauth(null);
      retry?.();
    },
    cancelReauth: () => setReauth(null),
    dismissSecured: () => setSecured(null),
    listed,
  };
}

/**
 * Newest live sign-ins first, then unanswered new devices from the list, once each. The list's
 * copy of a session wins (it carries a name given since); a session the list shows as
 * acknowledged (answered on another page) no longer waits.
 */
export function pendingSignIns(
  heard: readonly NewSignInEvent[],
  listed: readonly PublicSession[] | null,
  answered: ReadonlySet<string>,
): PendingSignIn[] {
  const inList = new Map((listed ?? []).map((session) => [session.id, session]));
  const result = new Map<string, PendingSignIn>();
  for (const event of [...heard].reverse()) {
    const fresh = inList.get(event.session.id);
    if (fresh && !fresh.newDevice) continue;
    result.set(event.session.id, { session: fresh ?? event.session, newCountry: event.newCountry === true });
  }
  for (const session of listed ?? []) {
    if (session.newDevice && !session.current && !result.has(session.id)) {
      result.set(session.id, { session, newCountry: false });
    }
  }
  return [...result.values()].filter((signIn) => !answered.has(signIn.session.id) && !signIn.session.current);
}
