/**
 * examples/host-app from the packed tarball in a real Chromium (issue 17): a site with its own
 * users signs the same person in from two browsers, the settings page's <session-control-devices>
 * lists both devices, one ends the other, and the other's next request to the site's protected
 * page is refused.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedPackage, ROOT_DIR } from '../../server/testing/packed-package.ts';
import { launchChromium } from './harness.ts';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const EXAMPLE_DIR = join(ROOT_DIR, 'examples/host-app');

let dir = '';
let site: ChildProcess | null = null;
let url = '';
let browser: Browser;
const contexts: BrowserContext[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the example's server.js and resolves once it says it listens. */
async function startSite(cwd: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['server.js'], {
    cwd,
    env: { ...process.env, PORT: String(port), DATABASE_URL: 'sqlite::memory:' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"event":"listening"')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`the host app exited (${code}): ${output}`)));
  });
  return child;
}

async function signInOnTheSite(userAgent: string): Promise<Page> {
  const context = await browser.newContext({ userAgent, viewport: { width: 1000, height: 800 } });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill('ada-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/settings');
  await page.getByRole('heading', { name: 'Settings for Ada' }).waitFor();
  return page;
}

/** The device names the element shows (Playwright's locators reach into its open shadow root). */
function devices(page: Page) {
  return page.locator('session-control-devices').locator('li.sc-session');
}

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (const name of readdirSync(EXAMPLE_DIR)) files[name] = readFileSync(join(EXAMPLE_DIR, name), 'utf8');
  dir = await installPackedPackage({ name: 'sc-host-app', files });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  site = await startSite(dir, port);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  site?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a host site using the packed package', () => {
  it("lists both browsers in the element, ends the other, and the site then refuses that browser's page", async () => {
    const windows = await signInOnTheSite(CHROME_ON_WINDOWS);
    await expect.poll(() => devices(windows).count()).toBe(1);
    const linux = await signInOnTheSite(FIREFOX_ON_LINUX);
    // The first browser hears of the second sign-in on its live stream: no reload.
    await expect.poll(() => devices(windows).count()).toBe(2);
    await expect.poll(() => devices(linux).count()).toBe(2);
    expect((await linux.context().request.get(`${url}/settings`)).status()).toBe(200);

    const element = windows.locator('session-control-devices');
    await element.getByRole('button', { name: 'Sign out Firefox on Linux' }).click();
    await element.getByRole('dialog').getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect.poll(() => devices(windows).count()).toBe(1);

    const refused = await linux.context().request.get(`${url}/settings`, { maxRedirects: 0 });
    expect(refused.status()).toBe(401);
    expect(await refused.text()).toContain('Your session has ended');
  });

  it("signs out from the site's own button through the package's client", async () => {
    const page = await signInOnTheSite(CHROME_ON_WINDOWS);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to Example Host' }).waitFor();
    expect((await page.context().request.get(`${url}/settings`)).status()).toBe(401);
  });

  it('themes the element through its custom properties and parts', async () => {
    const page = await signInOnTheSite(FIREFOX_ON_LINUX);
    const row = devices(page).first();
    await row.waitFor();
    // pages.js sets --sc-accent and ::part(session) on the element from the page's own stylesheet.
    expect(await row.evaluate((node) => getComputedStyle(node).borderTopColor)).toBe('rgb(201, 179, 230)');
  });
});
