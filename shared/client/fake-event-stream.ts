/**
 * The event stream of the fake client: a test pushes `session-ended`, `sessions-changed` and
 * reconnects to whoever subscribed, as the real stream would deliver them.
 */
import type { NewSignInEvent, SessionEndedEvent, SessionsChangedEvent } from '../schemas.ts';
import type { EventHandlers, SessionEndedCode } from './api-types.ts';

export interface FakeEvents {
  /** How many subscriptions are open now. */
  readonly open: number;
  /** This session ended: handlers hear why, then the client's onSessionEnded listeners. */
  sessionEnded(event?: Partial<SessionEndedEvent>): void;
  sessionsChanged(event?: Partial<SessionsChangedEvent>): void;
  /** A device new to the account signed in: `new-sign-in`, then `sessions-changed` as the server sends. */
  newSignIn(event: NewSignInEvent): void;
  /** The stream came back after a drop. */
  reconnected(): void;
}

/** The controllable stream, and the `subscribeEvents` the fake client hands out. */
export function createFakeEvents(notifyEnded: (code: SessionEndedCode) => void): {
  events: FakeEvents;
  subscribe: (handlers: EventHandlers) => () => void;
} {
  const subscribers = new Set<EventHandlers>();
  const events: FakeEvents = {
    get open() {
      return subscribers.size;
    },
    sessionEnded(event = {}) {
      const full: SessionEndedEvent = {
        sessionId: 'sess-me',
        endReason: 'ended_by_user',
        endedAt: '2026-11-27T10:00:00.000Z',
        endedBy: null,
        ...event,
      };
      const heard = [...subscribers];
      // The real stream stops for good after this event.
      subscribers.clear();
      for (const handlers of heard) handlers.onSessionEnded?.(full);
      if (heard.length > 0) notifyEnded(full.endReason === 'theft_detected' ? 'TOKEN_THEFT_DETECTED' : 'UNAUTHORISED');
    },
    sessionsChanged(event = {}) {
      const full: SessionsChangedEvent = { sessionId: 'sess-other', change: 'signed_in', ...event };
      for (const handlers of [...subscribers]) handlers.onSessionsChanged?.(full);
    },
    newSignIn(event) {
      for (const handlers of [...subscribers]) handlers.onNewSignIn?.(event);
      const changed: SessionsChangedEvent = { sessionId: event.session.id, change: 'signed_in' };
      for (const handlers of [...subscribers]) handlers.onSessionsChanged?.(changed);
    },
    reconnected() {
      for (const handlers of [...subscribers]) handlers.onReconnected?.();
    },
  };
  return {
    events,
    subscribe(handlers) {
      subscribers.add(handlers);
      return () => {
        subscribers.delete(handlers);
      };
    },
  };
}
