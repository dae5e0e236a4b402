/**
 * Everything the session core depends on, passed explicitly: the store, the clock, the keys,
 * the configuration and the logger. Tests build one with a fake clock and an in-memory store.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { SessionStore } from '../storage/store.ts';
import { ActivityThrottle } from './activity.ts';
import { AccessTokenVerifier } from './access-token.ts';
import { KeyRing } from './keys.ts';
import { createDummyHash } from './passwords.ts';
import { WorkLimiter } from './work-limiter.ts';

/** As many hashes at once as libuv has threads; a queue of a few seconds' work beyond that. */
const PASSWORD_HASH_CONCURRENCY = 4;
const PASSWORD_HASH_QUEUE = 64;

export interface SessionContext {
  store: SessionStore;
  clock: () => number;
  config: Config;
  log: Logger;
  keys: KeyRing;
  verifier: AccessTokenVerifier;
  activity: ActivityThrottle;
  /** Bounds concurrent password hashing (see work-limiter.ts). */
  passwordWork: WorkLimiter;
  /** Verified against when an email is unknown, so both failures take the same time. */
  dummyPasswordHash: string;
}

export async function createSessionContext(options: {
  store: SessionStore;
  config: Config;
  log: Logger;
  clock?: () => number;
}): Promise<SessionContext> {
  const clock = options.clock ?? Date.now;
  const keys = await KeyRing.open(options.store, clock);
  const tokenSettings = { issuer: options.config.issuer, audience: options.config.accessTokenAudience, ttlSeconds: options.config.accessTokenTtlSeconds };
  return {
    store: options.store,
    clock,
    config: options.config,
    log: options.log,
    keys,
    verifier: new AccessTokenVerifier(keys, tokenSettings),
    activity: new ActivityThrottle(),
    passwordWork: new WorkLimiter(PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE),
    dummyPasswordHash: await createDummyHash(options.config.passwordHashCost),
  };
}
