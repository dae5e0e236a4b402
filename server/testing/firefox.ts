/**
 * Debian's firefox-esr (real Firefox, headless) with the built Firefox extension installed as a
 * temporary add-on, driven by puppeteer-core over WebDriver BiDi. Shared by the Firefox browser
 * test (test/e2e/firefox-extension.test.ts) and the bench (bench/popup-timing.ts), like
 * popup-open.ts is for Chromium. The recipe and its pitfalls: ../shared/reviews/firefox-e2e-recipe.md.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';

export const FIREFOX_PATH = '/usr/bin/firefox-esr';
const NAVIGATION_TIMEOUT_MS = 15_000;
const POLL_MS = 25;

export interface FirefoxWithExtension {
  browser: Browser;
  /** `moz-extension://<uuid>`: the UUID is pinned at launch, so it is known in advance. */
  extensionOrigin: string;
  /** Closes Firefox; puppeteer removes its temporary profile. */
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The browser tests must fail, never skip, when the browser is missing. */
export function requireFirefox(): void {
  if (!existsSync(FIREFOX_PATH)) throw new Error('Firefox is missing: run `apt-get install -y firefox-esr`');
}

/**
 * Launches headless firefox-esr in a fresh profile and installs the unpacked extension in
 * `extensionDir` (e.g. dist/extension-firefox). Firefox grants its host permissions at install.
 */
export async function launchFirefoxWithExtension(extensionDir: string): Promise<FirefoxWithExtension> {
  requireFirefox();
  const manifestPath = join(extensionDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`${extensionDir} has no manifest.json: run \`npm run build:firefox\` first.`);
  }
  type Manifest = { browser_specific_settings?: { gecko?: { id?: string } } };
  const addonId = (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).browser_specific_settings?.gecko?.id;
  if (addonId === undefined) {
    throw new Error(`${manifestPath} is not a Firefox manifest (no gecko id): run \`npm run build:firefox\`.`);
  }
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Without it Firefox's Remote Agent refuses to navigate to moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    // Firefox picks a random extension UUID per profile; this pins it, and no BiDi call reads it.
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }) },
  });
  try {
    const installed = await browser.installExtension(extensionDir);
    if (installed !== addonId) throw new Error(`Firefox installed ${installed}, expected ${addonId}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { browser, extensionOrigin: `moz-extension://${uuid}`, close: () => browser.close() };
}

/**
 * Navigates `page` to an extension page and resolves once the new document has loaded. Firefox
 * sends no load events for moz-extension:// documents, so `page.goto` never resolves: it is
 * started, not awaited, and the new document is polled for (the realm may be torn down between
 * polls, hence the retrying loop instead of `waitForFunction`).
 */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  type Marked = { __scOldDocument?: boolean };
  await page
    .evaluate(() => {
      (globalThis as Marked).__scOldDocument = true;
    })
    .catch(() => undefined);
  page.goto(url, { timeout: 60_000 }).catch(() => undefined);
  for (const deadline = Date.now() + NAVIGATION_TIMEOUT_MS; ; await sleep(POLL_MS)) {
    const isNew = (expected: string): boolean =>
      location.href === expected && document.readyState === 'complete' && !(globalThis as Marked).__scOldDocument;
    const loaded = await page.evaluate(isNew, url).catch(() => false);
    if (loaded) return;
    if (Date.now() > deadline) throw new Error(`${url} did not load within ${NAVIGATION_TIMEOUT_MS / 1000} s`);
  }
}

export interface FirefoxPopupTiming {
  drawnMs: number;
  freshMs: number;
}

/**
 * Opens the popup in `page` and reads, inside the page (performance.now() from navigation
 * start), when the device list was drawn and when the fresh list had loaded: the two times
 * bench/lib/popup-open.ts reads in Chromium. Firefox runs no preload script in an extension page,
 * so the document is looked at only once it has loaded: a list already drawn then was drawn in
 * the popup's first paint (the popup renders its cached list before anything else), so it is
 * timed by the `first-contentful-paint` entry; anything still to come is timed by a
 * MutationObserver, as in Chromium. A fresh list that has already arrived by then is timed when
 * it is seen (an upper bound, a few ms late).
 */
export async function openFirefoxPopupTimed(page: Page, popupUrl: string): Promise<FirefoxPopupTiming> {
  await gotoExtensionPage(page, popupUrl);
  return page.evaluate(
    () =>
      new Promise<FirefoxPopupTiming>((resolve) => {
        const firstPaint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        let drawnMs: number | null = document.querySelector('.sc-session') ? (firstPaint ?? performance.now()) : null;
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
