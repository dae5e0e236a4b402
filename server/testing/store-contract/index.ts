/**
 * The one conformance suite every store engine must pass, grouped as the store interface is
 * (server/session/store.ts). Each engine's test file calls describeStoreContract with a factory
 * for a fresh, empty (migrated) store and a destructor that leaves nothing behind. Time is
 * explicit (`now` values), never the wall clock; no sleeps.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../session/store.ts';
import { describeDeviceContract } from './devices.ts';
import { ContractFixture } from './fixture.ts';
import { describeHistoryContract } from './history.ts';
import { describeKeyAndRateLimitContract } from './keys-and-limits.ts';
import { describeRefreshTokenContract } from './refresh-tokens.ts';
import { describeSessionContract } from './sessions.ts';
import { describeTenantAndUserContract } from './tenants-and-users.ts';

/**
 * Registers the store contract suite for one engine.
 * @param name engine name shown in the test report
 * @param open returns a fresh, migrated, otherwise empty store
 * @param destroy closes the store and removes whatever it created
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<Store>,
  destroy: (store: Store) => Promise<void>,
): void {
  describe(`${name} store contract`, () => {
    const fixture = new ContractFixture();

    beforeEach(async () => {
      fixture.store = await open();
    });

    afterEach(async () => {
      await destroy(fixture.store);
    });

    describeTenantAndUserContract(fixture);
    describeSessionContract(fixture);
    describeRefreshTokenContract(fixture);
    describeHistoryContract(fixture);
    describeDeviceContract(fixture);
    describeKeyAndRateLimitContract(fixture);
  });
}
