import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { publicSessionSchema, timestampSchema, tokensSchema, userSchema } from '../../shared/schemas.ts';
import type { TokenStore } from '../../shared/client/api-client.ts';
import type { PublicSession, User } from '../../shared/schemas.ts';

/** Where the extension looks for the server until the person picks another one in the options. */
export const DEFAULT_SERVER_ORIGIN = 'http://127.0.0.1:3000';

/** The part of `browser.storage.StorageArea` this module uses, so tests can pass a plain fake. */
export interface StorageAreaLike {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** The part of `browser.storage` this module uses. `session` is missing in old browsers. */
export interface StorageApiLike {
  local: StorageAreaLike;
  session?: StorageAreaLike | undefined;
}

const cachedAccountSchema = z.strictObject({
  user: userSchema,
  sessions: z.array(publicSessionSchema),
  savedAt: timestampSchema,
});

/** What the popup last saw for one server: drawn at once on the next open while the fresh list loads. */
export type CachedAccount = z.infer<typeof cachedAccountSchema>;

/** Every key the extension writes; nothing else in the extension touches storage. */
const KEYS = {
  serverOrigin: 'serverOrigin',
  cachedAccount: (origin: string) => `cachedAccount:${origin}`,
  tokens: (origin: string) => `tokens:${origin}`,
  notifiedSignIns: (origin: string) => `notifiedSignIns:${origin}`,
  deviceToken: (origin: string) => `deviceToken:${origin}`,
} as const;

/** How many notified sign-ins are remembered per server; older ones have long been answered or ended. */
const NOTIFIED_MAX = 100;

/** Typed access to the extension's storage. */
export interface ExtensionStorage {
  getServerOrigin(): Promise<string>;
  setServerOrigin(origin: string): Promise<void>;
  getCachedAccount(origin: string): Promise<CachedAccount | null>;
  setCachedAccount(origin: string, account: { user: User; sessions: PublicSession[] }): Promise<void>;
  clearCachedAccount(origin: string): Promise<void>;
  /** Sessions a "new sign-in" notification was shown for, oldest first, so none is shown twice. */
  getNotifiedSignIns(origin: string): Promise<string[]>;
  /** Remembers `sessionIds` as notified too. */
  addNotifiedSignIns(origin: string, sessionIds: readonly string[]): Promise<void>;
  /** Where the API client keeps one server's tokens in header mode (the Firefox build). */
  tokenStore(origin: string): TokenStore;
}

/**
 * Builds the storage module over a `browser.storage`-like object.
 * The cache lives in `storage.session` when the browser has it (memory only, gone when the
 * browser closes) and falls back to `storage.local`. Header-mode tokens live in `storage.local`
 * so that a Firefox user stays signed in across restarts, like a cookie would.
 */
export function createExtensionStorage(
  storage: StorageApiLike,
  clock: () => Date = () => new Date(),
): ExtensionStorage {
  const cacheArea = storage.session ?? storage.local;

  async function read<T>(area: StorageAreaLike, key: string, schema: $ZodType<T>): Promise<T | null> {
    const items = await area.get(key);
    const parsed = z.safeParse(schema, items[key]);
    // Data from an older version, or damaged, counts as absent rather than crashing the popup.
    return parsed.success ? parsed.data : null;
  }

  async function notifiedSignIns(origin: string): Promise<string[]> {
    return (await read(storage.local, KEYS.notifiedSignIns(origin), z.array(z.string()))) ?? [];
  }

  return {
    async getServerOrigin() {
      return (await read(storage.local, KEYS.serverOrigin, z.string().check(z.minLength(1)))) ?? DEFAULT_SERVER_ORIGIN;
    },
    async setServerOrigin(origin) {
      await storage.local.set({ [KEYS.serverOrigin]: origin });
    },
    async getCachedAccount(origin) {
      return read(cacheArea, KEYS.cachedAccount(origin), cachedAccountSchema);
    },
    async setCachedAccount(origin, account) {
      const value: CachedAccount = { user: account.user, sessions: account.sessions, savedAt: clock().toISOString() };
      await cacheArea.set({ [KEYS.cachedAccount(origin)]: value });
    },
    async clearCachedAccount(origin) {
      await cacheArea.remove(KEYS.cachedAccount(origin));
    },
    getNotifiedSignIns: notifiedSignIns,
    async addNotifiedSignIns(origin, sessionIds) {
      const known = await notifiedSignIns(origin);
      const next = [...known.filter((id) => !sessionIds.includes(id)), ...sessionIds].slice(-NOTIFIED_MAX);
      // Local, not session storage: a browser restart must not show the same sign-in again.
      await storage.local.set({ [KEYS.notifiedSignIns(origin)]: next });
    },
    tokenStore(origin) {
      const key = KEYS.tokens(origin);
      return {
        get: () => read(storage.local, key, tokensSchema),
        async set(tokens) {
          await storage.local.set({ [key]: tokens });
        },
        async clear() {
          await storage.local.remove(key);
        },
        // Kept apart from the tokens, so that signing out leaves this browser a known device.
        getDeviceToken: () => read(storage.local, KEYS.deviceToken(origin), z.string().check(z.minLength(1))),
        async setDeviceToken(deviceToken) {
          await storage.local.set({ [KEYS.deviceToken(origin)]: deviceToken });
        },
      };
    },
  };
}
