import { render } from 'preact';
import { chooseBrowserLocale } from '../../shared/i18n/index.ts';
import { createExtensionClient } from '../extension-client.ts';
import { getExtensionStorage } from '../platform/browser-api.ts';
import { hasHostAccess, requestHostAccess } from '../platform/host-access.ts';
import { openOptionsPage } from '../platform/options-page.ts';
import { requestBadgeRefresh } from '../platform/messages.ts';
import { Popup } from './Popup.tsx';
import type { PopupDeps } from './popup-deps.ts';

const storage = getExtensionStorage();
const deps: PopupDeps = {
  storage,
  createClient: (origin) => createExtensionClient(origin, storage),
  hasHostAccess,
  requestBadgeRefresh,
  openOptionsPage,
  requestHostAccess,
  reload: () => location.reload(),
};

// Read before rendering, so that the first paint already shows the last known list.
const origin = await storage.getServerOrigin();
const cached = await storage.getCachedAccount(origin);
// Before the first render: every sentence is read from the catalog of the browser's language.
document.documentElement.lang = chooseBrowserLocale();
const root = document.getElementById('app');
if (root === null) throw new Error('The page has no #app element');
render(<Popup deps={deps} origin={origin} cached={cached} />, root);
