/**
 * Part 5b: how long the extension's popup takes from opening to a drawn device list, in the real
 * built extension loaded into Debian's Chromium (headless), against a real server. The first
 * open fills the popup's cache; the timed opens then paint from it while the fresh list loads.
 * Times are read inside the page (performance.now() from navigation start).
 * measureFirefoxPopupTiming does the same with the Firefox build in Debian's firefox-esr, where
 * the popup has its own header-mode session (signed in through its own form).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../server/testing/chromium.ts';
import { gotoExtensionPage, launchFirefoxWithExtension, openFirefoxPopupTimed } from '../server/testing/firefox.ts';
import { openPopupTimed } from '../server/testing/popup-open.ts';
import type { PopupOpenTiming } from '../server/testing/popup-open.ts';
import { MAIN_SCRIPT, ROOT, sessionControlEnv, startTarget } from './lib/child.ts';
import { median } from './lib/stats.ts';

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
  if (!existsSync(CHROMIUM_PATH)) throw new Error('Chromium is missing: run `apt-get install -y chromium`');
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error('dist/extension is not built: run `npm run build:extension`');
  const server = await startTarget({
    name: 'popup',
    script: MAIN_SCRIPT,
    env: sessionControlEnv({ DATABASE_URL: 'sqlite::memory:' }),
  });
  const profile = await mkdtemp(join(tmpdir(), 'bench-popup-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(
      (origin) =>
        (
          globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }
        ).chrome.storage.local.set({ serverOrigin: origin }),
      server.url,
    );
    // Sign in with the browser's own cookies, as a person would on the dashboard.
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    const status = await page.evaluate(async () => {
      const body = JSON.stringify({ email: `popup-${Date.now()}@example.com`, password: 'bench-password-1' });
      return (
        await fetch('/auth/signup', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          credentials: 'include',
        })
      ).status;
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
    return {
      opens: timings.length,
      drawnMedianMs: median(drawnMs),
      freshMedianMs: median(timings.map((timing) => timing.freshMs)),
      drawnMs,
    };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
    await server.stop();
  }
}

/** The part of Firefox's `browser` global the bench uses inside an extension page. */
interface FirefoxExtensionGlobal {
  browser: { storage: { local: { set(items: object): Promise<void> } } };
}

export async function measureFirefoxPopupTiming(): Promise<PopupTiming> {
  const extensionDir = join(ROOT, 'dist/extension-firefox');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error('dist/extension-firefox is not built: run `npm run build:firefox`');
  }
  // Default origin settings: the popup's moz-extension:// origin is on no allowlist.
  const env = sessionControlEnv({ DATABASE_URL: 'sqlite::memory:' });
  const server = await startTarget({ name: 'popup-firefox', script: MAIN_SCRIPT, env });
  const firefox = await launchFirefoxWithExtension(extensionDir).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const email = `popup-firefox-${Date.now()}@example.com`;
    const password = 'bench-password-1';
    const signUp = await fetch(`${server.url}/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Auth-Mode': 'header' },
      body: JSON.stringify({ email, password }),
    });
    if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}`);
    const popupUrl = `${firefox.extensionOrigin}/popup.html`;
    const page = await firefox.browser.newPage();
    await gotoExtensionPage(page, `${firefox.extensionOrigin}/options.html`);
    await page.evaluate(
      (origin) => (globalThis as unknown as FirefoxExtensionGlobal).browser.storage.local.set({ serverOrigin: origin }),
      server.url,
    );
    // Sign in through the popup's own form, as a person would; its list then fills the cache.
    await gotoExtensionPage(page, popupUrl);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('::-p-aria([name="Sign in"][role="button"])').click();
    await page.waitForSelector('.sc-session-list[aria-busy="false"] .sc-session', { timeout: 15_000 });
    await page.close();
    const open = async (): Promise<PopupOpenTiming> => {
      const popup = await firefox.browser.newPage();
      const timing = await openFirefoxPopupTimed(popup, popupUrl);
      await popup.close();
      return timing;
    };
    await open();
    const timings: PopupOpenTiming[] = [];
    for (let index = 0; index < POPUP_OPENS; index += 1) timings.push(await open());
    const drawnMs = timings.map((timing) => timing.drawnMs);
    const freshMedianMs = median(timings.map((timing) => timing.freshMs));
    return { opens: timings.length, drawnMedianMs: median(drawnMs), freshMedianMs, drawnMs };
  } finally {
    await firefox.close();
    await server.stop();
  }
}
