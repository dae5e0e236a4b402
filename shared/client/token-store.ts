/** Where header mode keeps its bearer tokens, and the in-memory stand-in. */
import type { Tokens } from '../schemas.ts';

/** Where header mode keeps its tokens (extension storage, memory…). */
export interface TokenStore {
  get(): Promise<Tokens | null>;
  set(tokens: Tokens): Promise<void>;
  clear(): Promise<void>;
  /**
   * v1.1: the device secret sign-in handed out (`tokens.deviceToken`), sent back as
   * `X-Device-Token` on later sign-ins so this device is known. It outlives `clear()`: signing out
   * ends the session, not the device. Optional: without it every sign-in counts as a new device.
   */
  getDeviceToken?(): Promise<string | null>;
  setDeviceToken?(deviceToken: string): Promise<void>;
}

/** A stand-in token store for header mode when the host gives none. */
export function createMemoryTokenStore(): TokenStore {
  let tokens: Tokens | null = null;
  let deviceToken: string | null = null;
  return {
    getDeviceToken: async () => deviceToken,
    setDeviceToken: async (next) => {
      deviceToken = next;
    },
    get: async () => tokens,
    set: async (next) => {
      tokens = next;
    },
    clear: async () => {
      tokens = null;
    },
  };
}

/** Drops `tokens` from an answer: in header mode they live in the token store, nowhere else. */
export function withoutTokens<T extends { tokens?: Tokens }>(body: T): T {
  const { tokens: _tokens, ...rest } = body;
  return rest as T;
}
