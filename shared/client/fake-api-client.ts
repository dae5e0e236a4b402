/**
 * An in-memory ApiClient for UI tests of the dashboard and the popup: it behaves like the
 * contract (revokes remove sessions, scope=others can require re-authentication) and lets a
 * test make the next call of a method fail with any error.
 */
import type { ApiClient, ApiFailure, ApiResult, EmptyResponse, SessionEndedCode } from './api-client.ts';
import type { EndedSession, PublicSession, RevokedCountResponse, User } from '../schemas.ts';
import { createFakeEvents } from './fake-event-stream.ts';
import type { FakeEvents } from './fake-event-stream.ts';
import { historyPage } from './fake-history.ts';

export type { FakeEvents } from './fake-event-stream.ts';
export { fakeEndedSession } from './fake-history.ts';

type MethodName = Exclude<keyof ApiClient, 'authMode' | 'onSessionEnded' | 'subscribeEvents'>;

// As in the real client, only authenticated calls tell the listeners: sign-in, sign-up, sign-out
// and a bare refresh report their failure to the caller alone.
const QUIET_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['signUp', 'signIn', 'signOut', 'refresh']);

export interface FakeApiClient {
  client: ApiClient;
  /** Sessions the fake server holds now. */
  sessions: PublicSession[];
  /** Ended sessions the history shows, newest first. */
  ended: EndedSession[];
  /** The live event stream: push events to whoever subscribed. */
  events: FakeEvents;
  /** Every method called, in order, e.g. `revokeSession:sess-2`. */
  calls: string[];
  /** Make the next call of `method` answer with `error`. */
  failNext(method: MethodName, error: ApiFailure): void;
  /** Make `method` wait until the returned function is called. */
  hold(method: MethodName): () => void;
}

export interface FakeApiClientOptions {
  sessions: PublicSession[];
  user?: User;
  password?: string;
  /** scope=others answers REAUTH_REQUIRED until reauthenticate succeeds. */
  requireReauth?: boolean;
  /** Ended sessions for the history, newest first. */
  ended?: EndedSession[];
}

/** Builds a PublicSession with sensible defaults, for tests. */
export function fakeSession(
  id: string,
  overrides: Partial<PublicSession> & { deviceName?: string } = {},
): PublicSession {
  const { deviceName, ...rest } = overrides;
  return {
    id,
    current: false,
    tenantId: 'public',
    createdAt: '2026-11-20T10:00:00.000Z',
    lastActiveAt: '2026-11-27T09:00:00.000Z',
    expiresAt: '2026-12-27T10:00:00.000Z',
    device: {
      name: deviceName ?? 'Chrome on Windows',
      browser: 'Chrome',
      browserVersion: '131',
      os: 'Windows',
      type: 'desktop',
      label: null,
    },
    ip: '203.0.113.7',
    client: 'web',
    deviceId: null,
    location: null,
    newDevice: false,
    ...rest,
  };
}

export function createFakeApiClient(options: FakeApiClientOptions): FakeApiClient {
  const user = options.user ?? { id: 'user-1', email: 'ada@example.com' };
  const password = options.password ?? 'correct horse battery';
  let reauthenticated = !options.requireReauth;
  const failures = new Map<MethodName, ApiFailure[]>();
  const holds = new Map<MethodName, Promise<void>>();
  const listeners = new Set<(code: SessionEndedCode) => void>();
  const stream = createFakeEvents((code) => {
    for (const listener of [...listeners]) listener(code);
  });
  const fake: FakeApiClient = {
    client: undefined as unknown as ApiClient,
    sessions: [...options.sessions],
    ended: [...(options.ended ?? [])],
    events: stream.events,
    calls: [],
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    hold(method) {
      let release = (): void => undefined;
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(method);
        release();
      };
    },
  };

  async function answer<T>(method: MethodName, detail: string, produce: () => ApiResult<T>): Promise<ApiResult<T>> {
    fake.calls.push(detail ? `${method}:${detail}` : method);
    await holds.get(method);
    await Promise.resolve();
    const queued = failures.get(method);
    const error = queued?.shift();
    if (error) {
      if ((error.code === 'UNAUTHORISED' || error.code === 'TOKEN_THEFT_DETECTED') && !QUIET_METHODS.has(method)) {
        for (const listener of listeners) listener(error.code);
      }
      return { data: null, error };
    }
    return produce();
  }

  const current = (): PublicSession => fake.sessions.find((session) => session.current) ?? fake.sessions[0]!;
  const notFound = (): ApiResult<never> => ({
    data: null,
    error: { code: 'SESSION_NOT_FOUND', message: 'No such session.', status: 404 },
  });
  const invalid = (): ApiResult<never> => ({
    data: null,
    error: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password.', status: 401 },
  });

  fake.client = {
    authMode: 'cookie',
    signUp: (request) => answer('signUp', request.email, () => ({ data: { user, session: current() }, error: null })),
    signIn: (request) =>
      answer('signIn', request.email, () =>
        request.password === password ? { data: { user, session: current() }, error: null } : invalid(),
      ),
    signOut: () => answer('signOut', '', () => ({ data: {}, error: null })),
    refresh: () => answer('refresh', '', () => ({ data: { session: current() }, error: null })),
    me: () => answer('me', '', () => ({ data: { user, session: current() }, error: null })),
    listSessions: () =>
      answer('listSessions', '', () => ({
        data: { sessions: fake.sessions.map((session) => ({ ...session })) },
        error: null,
      })),
    revokeSession: (sessionId) =>
      answer('revokeSession', sessionId, (): ApiResult<EmptyResponse> => {
        if (!fake.sessions.some((session) => session.id === sessionId)) return notFound();
        fake.sessions = fake.sessions.filter((session) => session.id !== sessionId);
        return { data: {}, error: null };
      }),
    renameSession: (sessionId, label) =>
      answer('renameSession', `${sessionId}:${label}`, (): ApiResult<{ session: PublicSession }> => {
        const named = fake.sessions.find((session) => session.id === sessionId);
        if (!named) return notFound();
        const trimmed = label?.trim() ?? null;
        // The name belongs to the device: every session with the same deviceId shows it.
        const sameDevice = (session: PublicSession) =>
          session.id === sessionId || (named.deviceId !== null && session.deviceId === named.deviceId);
        fake.sessions = fake.sessions.map((session) =>
          sameDevice(session) ? { ...session, device: { ...session.device, label: trimmed } } : session,
        );
        return { data: { session: { ...fake.sessions.find((session) => session.id === sessionId)! } }, error: null };
      }),
    acknowledgeSession: (sessionId) =>
      answer('acknowledgeSession', sessionId, (): ApiResult<EmptyResponse> => {
        if (!fake.sessions.some((session) => session.id === sessionId)) return notFound();
        fake.sessions = fake.sessions.map((session) =>
          session.id === sessionId ? { ...session, newDevice: false } : session,
        );
        return { data: {}, error: null };
      }),
    revokeOtherSessions: () =>
      answer('revokeOtherSessions', '', (): ApiResult<RevokedCountResponse> => {
        if (!reauthenticated)
          return { data: null, error: { code: 'REAUTH_REQUIRED', message: 'Sign in again first.', status: 403 } };
        const before = fake.sessions.length;
        fake.sessions = fake.sessions.filter((session) => session.current);
        return { data: { revoked: before - fake.sessions.length }, error: null };
      }),
    revokeAllSessions: () =>
      answer('revokeAllSessions', '', () => {
        const revoked = fake.sessions.length;
        fake.sessions = [];
        return { data: { revoked }, error: null };
      }),
    reauthenticate: (attempt) =>
      answer('reauthenticate', '', () => {
        if (attempt !== password) return invalid();
        reauthenticated = true;
        return { data: { session: current() }, error: null };
      }),
    changePassword: () =>
      answer('changePassword', '', () => ({ data: { session: current(), revoked: 0 }, error: null })),
    health: () => answer('health', '', () => ({ data: { ok: true, store: 'sqlite' }, error: null })),
    history: (query) =>
      answer('history', query?.before ?? '', () => ({ data: historyPage(fake.ended, query), error: null })),
    subscribeEvents: stream.subscribe,
    onSessionEnded(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return fake;
}
