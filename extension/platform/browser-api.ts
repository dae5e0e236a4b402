// The one place that loads webextension-polyfill: everything else in the extension reaches the
// browser through platform/ so that it can be tested with a fake and ported in one folder.
import browser from 'webextension-polyfill';
import type { Browser } from 'webextension-polyfill';
import { createExtensionStorage } from './extension-storage.ts';
import type { ExtensionStorage } from './extension-storage.ts';

export type { Browser };

/** The promise-based extension API of the running browser (`browser.*` in Firefox, wrapped `chrome.*` in Chrome). */
export function getBrowser(): Browser {
  return browser;
}

let storage: ExtensionStorage | undefined;

/** The extension's storage module over the real `browser.storage`. */
export function getExtensionStorage(): ExtensionStorage {
  storage ??= createExtensionStorage(browser.storage);
  return storage;
}
