/**
 * Part 5b: how long the extension's popup takes from opening to a drawn device list, in the real
 * built extension loaded into Debian's Chromium (headless), against a real server. The first
 * open fills the popup's cache; the timed opens then paint from it while the fresh list loads.
 * Times are read inside the page (performance.now() from navigation start).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { MAIN_SCRIPT, ROOT, sessionControlEnv, startTarget } from './lib/child.ts';
import { openPopupTimed } from '../server/testing/popup-open.ts';
import type { PopupOpenTiming } from '../server/testing/popup-open.ts';
import { median } from './lib/stats.ts';

const CHROMIUM = '/usr/lib/chromium/chromium';
const EXTENSION_ID = 'kehjfghcnpkbjbdjkbnlbklejjlhopcn';
export const POPUP_OPENS = 20;

export interface PopupTiming {
  opens: number;
  drawnMedianMs: number;
  freshMedianMs: number;
  drawnMs: number[];
}

export async function measurePopupTiming(): Promise<PopupTiming> {
  const extensionDir = join(ROOT, 'dist/extension');
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is missing: run `apt-get install -y chromium`');
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error('dist/extension is not built: run `npm run build:extension`');
  const server = await startTarget({ name: 'popup', script: MAIN_SCRIPT, env: sessionControlEnv({ DATABASE_URL: 'sqlite::memory:' }) });
  const profile = await mkdtemp(join(tmpdir(), 'bench-popup-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu',
      `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate((origin) => (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }).chrome.storage.local.set({ serverOrigin: origin }), server.url);
    // Sign in with the browser's own cookies, as a person would on the dashboard.
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    const status = await page.evaluate(async () => {
      const body = JSON.stringify({ email: `popup-${Date.now()}@example.com`, password: 'bench-password-1' });
      return (await fetch('/auth/signup', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, credentials: 'include' })).status;
    });
    if (status !== 201) throw new Error(`sign-up in the browser answered ${status}`);
    const open = async (): Promise<PopupOpenTiming> => {
      const popup = await context.newPage();
      const timing = await openPopupTimed(popup, `chrome-extension://${EXTENSION_ID}/popup.html`);
      await popup.close();
      return timing;
    };
    await open();
    const timings: PopupOpenTiming[] = [];
    for (let index = 0; index < POPUP_OPENS; index += 1) timings.push(await open());
    const drawnMs = timings.map((timing) => timing.drawnMs);
    return { opens: timings.length, drawnMedianMs: median(drawnMs), freshMedianMs: median(timings.map((timing) => timing.freshMs)), drawnMs };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
    await server.stop();
  }
}
