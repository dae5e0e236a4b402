/**
 * Opens the extension popup in `page` and measures, inside the page (performance.now() from
 * navigation start), when the first device row is drawn and when the fresh list has loaded.
 * Shared by the bench (bench/popup-timing.ts) and the browser test (test/e2e/extension.test.ts).
 */
import type { Page } from 'playwright-core';

export interface PopupOpenTiming {
  drawnMs: number;
  freshMs: number;
}

export async function openPopupTimed(page: Page, popupUrl: string): Promise<PopupOpenTiming> {
  await page.goto(popupUrl, { waitUntil: 'commit' });
  return page.evaluate(
    () =>
      new Promise<PopupOpenTiming>((resolve) => {
        let drawnMs: number | null = null;
        const check = (): boolean => {
          drawnMs ??= document.querySelector('.sc-session') ? performance.now() : null;
          if (drawnMs === null || !document.querySelector('.sc-session-list[aria-busy="false"]')) return false;
          resolve({ drawnMs, freshMs: performance.now() });
          return true;
        };
        if (check()) return;
        const observer = new MutationObserver(() => {
          if (check()) observer.disconnect();
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
      }),
  );
}
