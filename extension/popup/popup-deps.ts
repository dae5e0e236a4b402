import type { ApiClient } from '../../shared/client/api-client.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';

/** Everything the popup needs from the browser, passed in so tests can render it with fakes. */
export interface PopupDeps {
  storage: ExtensionStorage;
  createClient(origin: string): ApiClient;
  hasHostAccess(origin: string): Promise<boolean>;
  requestBadgeRefresh(): Promise<void>;
  openOptionsPage(): Promise<void>;
  /** Must be called synchronously from the click (browsers require a user gesture). */
  requestHostAccess(origin: string): Promise<boolean>;
  /** Opens the popup anew (after the server changed: it reads the server before the first paint). */
  reload(): void;
}
