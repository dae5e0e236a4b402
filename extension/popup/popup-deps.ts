import type { ApiClient } from '../../shared/client/api-client.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';

/** Everything the popup needs from the browser, passed in so tests can render it with fakes. */
export interface PopupDeps {
  storage: ExtensionStorage;
  createClient(origin: string): ApiClient;
  hasHostAccess(origin: string): Promise<boolean>;
  requestBadgeRefresh(): Promise<void>;
  openOptionsPage(): Promise<void>;
}
