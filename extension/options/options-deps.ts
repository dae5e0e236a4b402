import type { ApiClient } from '../../shared/client/api-client.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';

/** Everything the options page needs from the browser, passed in so tests can use fakes. */
export interface OptionsDeps {
  storage: ExtensionStorage;
  createClient(origin: string): ApiClient;
  /** Must be called synchronously from the click (browsers require a user gesture). */
  requestHostAccess(origin: string): Promise<boolean>;
  requestBadgeRefresh(): Promise<void>;
}
