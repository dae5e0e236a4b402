/**
 * Issue 13 point 9 in a real Chromium: a browser set to German gets the account pages in German,
 * including the server's sentence under a field (chosen from the Accept-Language Chromium sends).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServerProcess } from '../../server/testing/server-process.ts';
import { startServerProcess } from '../../server/testing/server-process.ts';
import { launchChromium } from './harness.ts';

const email = 'grete@example.de';
const password = 'richtiges Pferd Batterie';

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1000, height: 760 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

beforeEach(() => {
  onTestFailed(() => {
    console.error(`Last server log lines:\n${server?.logs.slice(-20).join('\n')}`);
  });
});

describe('the dashboard in a German browser', () => {
  it('opens the sign-in page in German', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL('**/signin');
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.title()).toBe('Anmelden · Session Control');
  });

  it("shows the server's sentence about a field in German, under that field", async () => {
    await page.getByRole('button', { name: 'Ein Konto erstellen' }).click();
    await page.getByLabel('E-Mail').fill('keine-adresse');
    await page.getByLabel('Passwort').fill(password);
    await page.getByRole('button', { name: 'Konto erstellen', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Das ist keine E-Mail-Adresse.');
    expect(await page.getByLabel('E-Mail').getAttribute('aria-invalid')).toBe('true');
  });

  it('signs up and shows the security page in German', async () => {
    await page.getByLabel('E-Mail').fill(email);
    await page.getByRole('button', { name: 'Konto erstellen', exact: true }).click();
    await page.waitForURL('**/account/security');
    await page.getByRole('heading', { name: 'Kontosicherheit' }).waitFor();
    expect(await page.title()).toBe('Kontosicherheit · Session Control');
    expect(await page.locator('.db-email').textContent()).toBe(`Angemeldet als ${email}`);
    await page.getByRole('heading', { name: 'Ihre Geräte (1)' }).waitFor();
    expect(await page.locator('li.sc-session .sc-badge').textContent()).toBe('Dieses Gerät');
    expect(await page.getByText('Gerade aktiv').count()).toBe(1);
    expect(await page.getByText('Nur dieses Gerät ist angemeldet.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Dieses Gerät abmelden' }).count()).toBe(1);
  });

  it('signs this device out in German', async () => {
    await page.getByRole('button', { name: 'Dieses Gerät abmelden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dieses Gerät abmelden?' });
    await dialog.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL('**/signin');
    expect(await page.getByRole('status').filter({ hasText: 'Sie haben sich abgemeldet.' }).count()).toBe(1);
  });
});
