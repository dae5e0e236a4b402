/**
 * Whether the server answers, as every request of one client finds it: a request that could not
 * reach the server (NETWORK_ERROR) makes it "down", any answer at all makes it "up" again. The
 * page shows one banner from this instead of a red message per failed request.
 */
import type { ApiClient, ApiResult } from './api-types.ts';

export interface WatchedClient {
  /** The same client; every call also tells the watcher what it found. */
  client: ApiClient;
  isDown(): boolean;
  /** Calls `listener` whenever the server goes down or comes back; returns an unsubscribe. */
  onChange(listener: (down: boolean) => void): () => void;
}

type Method = (...args: never[]) => Promise<ApiResult<unknown>>;

/** Wraps `client` so that its requests report whether the server could be reached. */
export function watchReachability(client: ApiClient): WatchedClient {
  let down = false;
  const listeners = new Set<(down: boolean) => void>();
  const set = (next: boolean): void => {
    if (next === down) return;
    down = next;
    for (const listener of listeners) listener(down);
  };
  const watch = <M extends Method>(method: M): M =>
    (async (...args: Parameters<M>) => {
      const result = await method(...args);
      set(result.error?.code === 'NETWORK_ERROR');
      return result;
    }) as M;
  const watched: ApiClient = {
    authMode: client.authMode,
    signUp: watch(client.signUp),
    signIn: watch(client.signIn),
    signOut: watch(client.signOut),
    refresh: watch(client.refresh),
    me: watch(client.me),
    listSessions: watch(client.listSessions),
    revokeSession: watch(client.revokeSession),
    revokeOtherSessions: watch(client.revokeOtherSessions),
    revokeAllSessions: watch(client.revokeAllSessions),
    reauthenticate: watch(client.reauthenticate),
    changePassword: watch(client.changePassword),
    health: watch(client.health),
    history: watch(client.history),
    renameSession: watch(client.renameSession),
    acknowledgeSession: watch(client.acknowledgeSession),
    subscribeEvents: (handlers) => client.subscribeEvents(handlers),
    onSessionEnded: (listener) => client.onSessionEnded(listener),
  };
  return {
    client: watched,
    isDown: () => down,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
