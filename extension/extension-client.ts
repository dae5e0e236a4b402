import { createApiClient } from '../shared/client/api-client.ts';
import type { ApiClient } from '../shared/client/api-client.ts';
import { AUTH_MODE } from './build-flags.ts';
import type { ExtensionStorage } from './platform/extension-storage.ts';

/**
 * The API client for the server the person picked. Chrome build: cookie mode, so the popup uses
 * (and signs out) the very session the dashboard has in this browser. Firefox build: header
 * mode with tokens in extension storage, because the site's cookies do not reliably reach a
 * moz-extension:// page (see docs/extension.md).
 */
export function createExtensionClient(origin: string, storage: ExtensionStorage): ApiClient {
  if (AUTH_MODE === 'header') {
    return createApiClient({ baseUrl: origin, authMode: 'header', tokenStore: storage.tokenStore(origin) });
  }
  return createApiClient({ baseUrl: origin, authMode: 'cookie' });
}
