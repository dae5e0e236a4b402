import { render } from 'preact';
import { chooseBrowserLocale, t } from '../../shared/i18n/index.ts';
import { createExtensionClient } from '../extension-client.ts';
import { getExtensionStorage } from '../platform/browser-api.ts';
import { requestHostAccess } from '../platform/host-access.ts';
import { requestBadgeRefresh } from '../platform/messages.ts';
import { Options } from './Options.tsx';
import type { OptionsDeps } from './options-deps.ts';

const storage = getExtensionStorage();
const deps: OptionsDeps = {
  storage,
  createClient: (origin) => createExtensionClient(origin, storage),
  requestHostAccess,
  requestBadgeRefresh,
};

// Before the first render: every sentence is read from the catalog of the browser's language.
document.documentElement.lang = chooseBrowserLocale();
document.title = t.settingsTitle;
const root = document.getElementById('app');
if (root === null) throw new Error('The page has no #app element');
render(<Options deps={deps} />, root);
