/**
 * Everything the session core depends on, passed explicitly: the store, the clock, the keys,
 * the configuration, the logger and the event bus. Tests build one with a fake clock and an in-memory SQLite.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { AccessTokenVerifier } from './access-token.ts';
import { ActivityThrottle } from './activity.ts';
import type { Clock } from './clock.ts';
import { InProcessTransport } from './event-transport.ts';
import { EventBus } from './events.ts';
import type { EventTransport } from './event-transport.ts';
import type { SessionHooks } from './hooks.ts';
import { KeyRing } from './keys.ts';
import { createDummyHash } from './passwords.ts';
import type { Store } from './store.ts';
import { WorkLimiter } from './work-limiter.ts';

/** As many hashes at once as libuv has threads; a queue of a few seconds' work beyond that. */
const PASSWORD_HASH_CONCURRENCY = 4;
const PASSWORD_HASH_QUEUE = 64;

export interface SessionContext {
  store: Store;
  clock: Clock;
  config: Config;
  log: Logger;
  keys: KeyRing;
  verifier: AccessTokenVerifier;
  activity: ActivityThrottle;
  /** What happened to sessions, for the event streams of every instance (events.ts). */
  events: EventBus;
  /** Bounds concurrent password hashing (see work-limiter.ts). */
  passwordWork: WorkLimiter;
  /** Verified against when an email is unknown, so both failures take the same time. */
  dummyPasswordHash: string;
  /** A host application's hooks (server/index.ts); none for the standalone server. */
  hooks?: SessionHooks;
}

export async function createSessionContext(options: {
  store: Store;
  config: Config;
  log: Logger;
  clock?: Clock;
  /** How events reach the other instances (storage/open-store.ts picks it); default in-process. */
  events?: EventTransport;
  hooks?: SessionHooks;
}): Promise<SessionContext> {
  const clock = options.clock ?? Date.now;
  const keys = await KeyRing.open(options.store, clock);
  const { issuer, accessTokenAudience: audience, accessTokenTtlSeconds: ttlSeconds } = options.config;
  return {
    store: options.store,
    clock,
    config: options.config,
    log: options.log,
    keys,
    verifier: new AccessTokenVerifier(keys, { issuer, audience, ttlSeconds }),
    activity: new ActivityThrottle(),
    events: new EventBus(options.events ?? new InProcessTransport(), {
      maxStreamsPerUser: options.config.maxEventStreamsPerUser,
      maxStreams: options.config.maxEventStreams,
      log: options.log,
    }),
    passwordWork: new WorkLimiter(PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE),
    dummyPasswordHash: await createDummyHash(options.config.passwordHashCost),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  };
}
