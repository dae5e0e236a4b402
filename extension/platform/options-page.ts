import { getBrowser } from './browser-api.ts';

/** Opens the extension's options page (no `tabs` permission needed). */
export function openOptionsPage(): Promise<void> {
  return getBrowser().runtime.openOptionsPage();
}
