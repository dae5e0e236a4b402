import { getBrowser } from './browser-api.ts';

/**
 * Opens the toolbar popup (for an answer that needs it, such as a sign-out that may ask for the
 * password). Where the browser will not open it without a click on the toolbar, the popup's page
 * opens in a tab instead (tabs.create needs no `tabs` permission).
 */
export async function openPopup(): Promise<void> {
  const { action, runtime, tabs } = getBrowser();
  try {
    await action.openPopup();
  } catch {
    await tabs.create({ url: runtime.getURL('popup.html') });
  }
}
