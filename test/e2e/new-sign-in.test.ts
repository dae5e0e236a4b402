/**
 * Issue 12 in a real Chromium against the real server: a sign-in from a browser this account has
 * not used raises "Was this you?" on the open dashboard, unreloaded, within 2 seconds; "No, sign it
 * out" ends that session and offers the password change; a device's name is shown as text.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, ROOT_DIR } from './harness.ts';
import type { ServerProcess } from '../../server/testing/server-process.ts';
import { startServerProcess } from '../../server/testing/server-process.ts';

const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const MARKUP_NAME = '<img src=x onerror=alert(1)>';
const email = 'grace@example.com';
const password = 'correct horse battery staple';

const AXE_PATH = join(ROOT_DIR, 'node_modules/axe-core/axe.min.js');

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const nativeDialogs: string[] = [];

async function openPage(userAgent: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ userAgent, viewport: { width: 1000, height: 800 }, ...options });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    nativeDialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return page;
}

async function signIn(page: Page, mode: 'sign-in' | 'sign-up'): Promise<void> {
  await page.goto(`${server.url}/signin`);
  if (mode === 'sign-up') await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: mode === 'sign-up' ? 'Create account' : 'Sign in', exact: true }).click();
  await page.waitForURL('**/account/security');
  await page.locator('li.sc-session').first().waitFor();
}

/** Serious and critical axe-core findings on the page as it is now. */
async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact?: string | null }> };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => violation.id);
  });
}

function row(page: Page, name: string) {
  return page.locator('li.sc-session').filter({ has: page.locator('.sc-session-name', { hasText: name }) });
}

beforeAll(async () => {
  browser = await launchChromium();
  server = await startServerProcess();
});

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await browser?.close();
  await server?.stop();
});

beforeEach(() => {
  onTestFailed(() => {
    console.error(`Last server log lines:\n${server?.logs.slice(-20).join('\n')}`);
  });
});

describe('"Was this you?" on the open dashboard (issue 12)', () => {
  let mine: Page;
  let stranger: Page;

  it('raises the banner within 2 s of a sign-in from a new browser, with no reload', async () => {
    // bypassCSP only so that axe-core can be injected (as in dashboard.test.ts).
    mine = await openPage(CHROME_ON_LINUX, { bypassCSP: true });
    await signIn(mine, 'sign-up');
    // Signing up is not "new": nothing to ask about.
    expect(await mine.getByText('Was this you?').count()).toBe(0);

    stranger = await openPage(FIREFOX_ON_WINDOWS);
    await signIn(stranger, 'sign-in');

    const banner = mine.locator('.sc-new-sign-in[role="alert"]');
    await banner.waitFor({ timeout: 2_000 });
    expect(await banner.locator('p').textContent()).toBe(
      'New sign-in: Firefox on Windows · Local network · just now. Was this you?',
    );
    // The new device is marked in the list until answered.
    await row(mine, 'Firefox on Windows').getByText('New device').waitFor();
    expect(await seriousAxeViolations(mine)).toEqual([]);
    // The stranger's own page asks nothing about itself.
    expect(await stranger.getByText('Was this you?').count()).toBe(0);
  });

  it('shows a name given to the device as text, first in its row and in the banner', async () => {
    await mine.getByRole('button', { name: 'Rename Firefox on Windows' }).click();
    const dialog = mine.getByRole('dialog', { name: 'Name this device' });
    await dialog.getByLabel('Device name').fill(MARKUP_NAME);
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await dialog.waitFor({ state: 'detached' });

    await row(mine, MARKUP_NAME).waitFor();
    expect(await mine.locator('.sc-new-sign-in p').textContent()).toBe(
      `New sign-in: ${MARKUP_NAME} · Local network · just now. Was this you?`,
    );
    expect(await mine.locator('.sc-session img, .sc-new-sign-in img').count()).toBe(0);

    // A name the server refuses shows its sentence under the field.
    await mine.getByRole('button', { name: `Rename ${MARKUP_NAME}` }).click();
    await dialog.getByLabel('Device name').fill('bad\u202Ename');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    const error = dialog.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/control, formatting or invisible characters/);
    expect(await dialog.getByLabel('Device name').getAttribute('aria-describedby')).toBe(
      await error.getAttribute('id'),
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(nativeDialogs).toEqual([]);
  });

  it('"No, sign it out" ends that session, which leaves at once, and offers the password change', async () => {
    await mine.locator('.sc-new-sign-in').getByRole('button', { name: 'No, sign it out' }).click();

    await mine.getByRole('heading', { name: 'Secure your account' }).waitFor();
    expect(await mine.evaluate(() => document.activeElement?.textContent)).toBe('Secure your account');
    const offer = mine.getByRole('region', { name: 'Secure your account' });
    expect(await offer.getByLabel('Also sign out my other devices').isChecked()).toBe(true);
    expect(await offer.getByRole('button', { name: 'Change password' }).count()).toBe(1);
    expect(await mine.locator('.sc-new-sign-in').count()).toBe(0);
    await row(mine, MARKUP_NAME).waitFor({ state: 'detached' });

    await stranger.waitForURL('**/signin', { timeout: 2_000 });
    expect(await stranger.getByRole('alert').textContent()).toBe(`Signed out from Chrome on Linux. Sign in again.`);
  });
});
