/**
 * What the end-to-end tests stand on: the real server as a child process (`startServerProcess`
 * from server/testing) and a real Chromium. The tests assume `npm run build` has run (`npm test`
 * does it first).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, LaunchOptions } from 'playwright-core';

/** The repository root, whatever the working directory. */
export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots and other artefacts (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../server/testing/chromium.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

function requireChromium(): void {
  // The browser tests must fail, never skip, when the browser is missing.
  if (!existsSync(CHROMIUM_PATH)) throw new Error('Chromium is missing: run `apt-get install -y chromium`');
}

/** Launches the system Chromium, headless unless `options.headless` is false. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * Launches the system Chromium with one unpacked extension loaded (e.g. dist/extension), in a
 * fresh persistent profile: extensions only load in persistent contexts. Close the context to end
 * the browser; the profile folder is removed then too.
 */
export async function launchChromiumWithExtension(extensionDir: string): Promise<BrowserContext> {
  requireChromium();
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`${extensionDir} has no manifest.json: run \`npm run build:extension\` first.`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'session-control-extension-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  context.once('close', () => {
    // Chromium may still be writing to the profile as it exits: retry, and never fail a test over it.
    void rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
  });
  return context;
}
