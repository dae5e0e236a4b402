/**
 * The account security page in a real Chromium against the real server: two people-shaped
 * browsers (different User-Agents), revoking each other, the session-ended path, accessibility
 * and hostile device names.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, RESULTS_DIR, ROOT_DIR } from './harness.ts';
import type { ServerProcess } from '../../server/testing/server-process.ts';
import { startServerProcess } from '../../server/testing/server-process.ts';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) ' +
  'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const MARKUP = '<img src=x onerror=alert(1)>';
const HOSTILE_AGENT = `${MARKUP}/1.0 (X11; Linux x86_64)`;
const AXE_PATH = join(ROOT_DIR, 'node_modules/axe-core/axe.min.js');

// Every run starts a fresh in-memory database, so a fixed address is free.
const email = 'ada@example.com';
const password = 'correct horse battery staple';
const newPassword = 'a much newer passphrase';

interface Person {
  context: BrowserContext;
  page: Page;
  /** CSP violations and uncaught errors seen by this page. */
  problems: string[];
  /** Native dialogs (alert, confirm) that fired: markup executing would show here. */
  nativeDialogs: string[];
}

let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];

async function open(options: BrowserContextOptions): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const person: Person = { context, page, problems: [], nativeDialogs: [] };
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) person.problems.push(message.text());
  });
  page.on('pageerror', (error) => person.problems.push(error.message));
  page.on('dialog', (dialog) => {
    person.nativeDialogs.push(dialog.message());
    void dialog.dismiss();
  });
  people.push(person);
  return person;
}

async function signIn(person: Person, mode: 'sign-in' | 'sign-up' = 'sign-in'): Promise<void> {
  const { page } = person;
  await page.goto(`${server.url}/`);
  await page.waitForURL('**/signin');
  if (mode === 'sign-up') await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: mode === 'sign-up' ? 'Create account' : 'Sign in', exact: true }).click();
  await page.waitForURL('**/account/security').catch(async (error: unknown) => {
    const alerts = await page.getByRole('alert').allTextContents();
    throw new Error(`${mode} did not reach the security page; the page says: ${JSON.stringify(alerts)}`, {
      cause: error,
    });
  });
  await page.getByRole('heading', { name: 'Account security' }).waitFor();
}

function rows(page: Page) {
  return page.locator('li.sc-session');
}

async function deviceNames(page: Page): Promise<string[]> {
  await rows(page).first().waitFor();
  return rows(page).locator('.sc-session-name').allTextContents();
}

async function reloadList(page: Page): Promise<void> {
  await page.reload();
  try {
    await rows(page).first().waitFor();
    await page.locator('section[aria-busy="false"]').waitFor();
  } catch (error) {
    const body = page.locator('body');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText (what a person sees), not the DOM's.
    const text = await body.innerText().catch(() => '(no body)');
    throw new Error(`The device list did not load at ${page.url()}; the page says: ${text.slice(0, 500)}`, {
      cause: error,
    });
  }
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
          ) => Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      nodes: violation.nodes.length,
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes} nodes)`);
}

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(() => {
  onTestFailed(() => {
    console.error(`Last server log lines:\n${server?.logs.slice(-20).join('\n')}`);
  });
});

describe('account security page', () => {
  let a: Person;
  let b: Person;

  beforeAll(async () => {
    server = await startServerProcess();
  });

  afterAll(async () => {
    await Promise.all(people.splice(0).map((person) => person.context.close()));
    await server?.stop();
  });

  it('accepts sign-up from its own origin when started on a free port (PORT=0)', async () => {
    // The dashboard is served by the server, so its Origin is the server's own: the CSRF check
    // must count the port actually listened on, not the 0 it was asked for.
    const response = await fetch(`${server.url}/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ email: 'origin-probe@example.com', password: 'origin probe password' }),
    });
    expect(response.status, await response.text()).toBe(201);
  });

  it('signs up in one browser and signs in from another', async () => {
    a = await open({ userAgent: CHROME_ON_WINDOWS });
    b = await open({ userAgent: FIREFOX_ON_LINUX });

    await signIn(a, 'sign-up');
    expect(await a.page.locator('.db-email').textContent()).toBe(`Signed in as ${email}`);
    await signIn(b);
  });

  it('lists both devices, each browser marking itself as "This device"', async () => {
    await reloadList(a.page);
    expect(await deviceNames(a.page)).toEqual(['Chrome on Windows', 'Firefox on Linux']);
    expect(await rows(a.page).nth(0).locator('.sc-badge').textContent()).toBe('This device');
    expect(await rows(a.page).nth(1).locator('.sc-badge').count()).toBe(0);
    // Each fact once (issue 13): the name says browser and system, then where, then one time line.
    const facts = await rows(a.page).nth(1).locator('.sc-session-details').allTextContents();
    expect(facts[0]).toBe('Local network · 127.0.0.1');
    expect(facts[1]).toMatch(/^Active (now|.+ ago) · signed in .+/);
    expect(facts.join(' ')).not.toContain('Firefox');

    await reloadList(b.page);
    expect(await deviceNames(b.page)).toEqual(['Firefox on Linux', 'Chrome on Windows']);
    expect(await rows(b.page).nth(0).locator('.sc-badge').textContent()).toBe('This device');
  });

  it('signs the other browser out after a confirmation naming it; it shows why within 2 s, unclicked', async () => {
    await a.page.getByRole('button', { name: 'Sign out Firefox on Linux' }).click();
    const dialog = a.page.getByRole('dialog');
    expect(await dialog.getByRole('heading').textContent()).toBe('Sign out Firefox on Linux?');
    await dialog.getByRole('button', { name: 'Sign out', exact: true }).click();
    await a.page.getByText('This is the only device signed in.').waitFor();
    expect(await deviceNames(a.page)).toEqual(['Chrome on Windows']);

    // B finds out by itself, with no click, and says why and by which device (issue 11).
    await b.page.waitForURL('**/signin', { timeout: 2_000 });
    const notice = b.page.getByRole('alert');
    await expect
      .poll(() => notice.textContent(), { timeout: 2_000 })
      .toBe('Signed out from Chrome on Windows. Sign in again.');
    await reloadList(a.page);
    expect(await deviceNames(a.page)).toEqual(['Chrome on Windows']);
  });

  it('signs out of all other devices after a confirmation giving the count', async () => {
    const c = await open({ userAgent: SAFARI_ON_IPHONE });
    await signIn(b);
    await signIn(c);
    await reloadList(a.page);
    expect(await deviceNames(a.page)).toEqual(['Chrome on Windows', 'Safari on iPhone', 'Firefox on Linux']);

    await a.page.emulateMedia({ colorScheme: 'light' });
    await a.page.screenshot({ path: join(RESULTS_DIR, 'security-light.png'), fullPage: true });
    await a.page.emulateMedia({ colorScheme: 'dark' });
    await a.page.screenshot({ path: join(RESULTS_DIR, 'security-dark.png'), fullPage: true });
    await a.page.emulateMedia({ colorScheme: 'light' });
    await a.page.setViewportSize({ width: 360, height: 760 });
    await a.page.screenshot({ path: join(RESULTS_DIR, 'security-360px.png'), fullPage: true });
    expect(await a.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await a.page.setViewportSize({ width: 1000, height: 760 });

    await a.page.getByRole('button', { name: 'Sign out of all other devices' }).click();
    const dialog = a.page.getByRole('dialog');
    expect(await dialog.getByRole('heading').textContent()).toBe('Sign out of 2 other devices?');
    await dialog.getByRole('button', { name: 'Sign out all' }).click();
    await a.page.getByText('This is the only device signed in.').waitFor();
    expect(await deviceNames(a.page)).toEqual(['Chrome on Windows']);

    for (const other of [b, c]) {
      await other.page.reload();
      await other.page.waitForURL('**/signin');
    }
  });

  it('shows a device whose User-Agent holds markup as text, creating no element and running nothing', async () => {
    // This browser ignores the page's CSP, so only the rendering stands between the markup and a script.
    const hostile = await open({ userAgent: HOSTILE_AGENT, bypassCSP: true });
    await signIn(hostile);
    const viewer = await open({ userAgent: CHROME_ON_WINDOWS, bypassCSP: true });
    await signIn(viewer);

    for (const person of [a, viewer]) {
      await reloadList(person.page);
      const names = await deviceNames(person.page);
      expect(names).toContain(`${MARKUP} on Linux`);
      expect(await person.page.locator('main img').count()).toBe(0);
    }
    await a.page.getByRole('button', { name: `Sign out ${MARKUP} on Linux` }).click();
    expect(await a.page.getByRole('dialog').getByRole('heading').textContent()).toBe(`Sign out ${MARKUP} on Linux?`);
    expect(await a.page.locator('img').count()).toBe(0);
    await a.page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await a.page.waitForTimeout(300);
    expect(people.flatMap((person) => person.nativeDialogs)).toEqual([]);
  });

  it('has no serious or critical accessibility violations, in light and dark', async () => {
    // axe is injected as an inline script, which the page's CSP rightly forbids.
    const auditor = await open({ userAgent: FIREFOX_ON_LINUX, bypassCSP: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await auditor.page.emulateMedia({ colorScheme });
      await auditor.page.goto(`${server.url}/signin`);
      await auditor.page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await seriousAxeViolations(auditor.page), `sign-in page, ${colorScheme}`).toEqual([]);
      await auditor.page.screenshot({ path: join(RESULTS_DIR, `signin-${colorScheme}.png`) });
    }
    await signIn(auditor);
    for (const colorScheme of ['light', 'dark'] as const) {
      await auditor.page.emulateMedia({ colorScheme });
      await reloadList(auditor.page);
      expect(await seriousAxeViolations(auditor.page), `security page, ${colorScheme}`).toEqual([]);
    }
    await auditor.page.getByRole('button', { name: 'Sign out of all other devices' }).click();
    await auditor.page.getByRole('dialog').waitFor();
    expect(await seriousAxeViolations(auditor.page), 'confirmation dialog').toEqual([]);
    await auditor.page.keyboard.press('Escape');
    await auditor.page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await auditor.page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Sign out of all other devices',
    );
  });

  it('changes the password, signing out every other device, and keeps this one signed in', async () => {
    await reloadList(a.page);
    const othersBefore = (await deviceNames(a.page)).length - 1;
    expect(othersBefore).toBeGreaterThan(0);

    await a.page.getByLabel('Current password').fill(password);
    await a.page.getByLabel('New password').fill(newPassword);
    await a.page.getByRole('button', { name: 'Change password' }).click();

    await a.page.getByText(`Password changed; ${othersBefore} other devices signed out.`).waitFor();
    await a.page.getByText('This is the only device signed in.').waitFor();
    expect(await deviceNames(a.page)).toEqual(['Chrome on Windows']);
    await reloadList(a.page);
    expect(await deviceNames(a.page)).toEqual(['Chrome on Windows']);
  });

  it('signs out and lands on the sign-in page, with no CSP violation or page error on the way', async () => {
    // One way to sign out of this device, confirmed like any other (issue 13 point 5).
    await a.page.getByRole('button', { name: 'Sign out of this device' }).click();
    await a.page.getByRole('dialog').getByRole('button', { name: 'Sign out', exact: true }).click();
    await a.page.waitForURL('**/signin');
    expect(await a.page.getByRole('status').filter({ hasText: 'You have signed out.' }).count()).toBe(1);
    await a.page.goto(`${server.url}/account/security`);
    await a.page.waitForURL('**/signin');

    // The old password is gone, the new one works.
    await a.page.getByLabel('Email').fill(email);
    await a.page.getByLabel('Password').fill(password);
    await a.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await a.page.getByRole('alert').textContent()).toBe('That email and password do not match an account.');
    await a.page.getByLabel('Password').fill(newPassword);
    await a.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await a.page.waitForURL('**/account/security');

    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});

describe('account security page with one-second access tokens', () => {
  beforeAll(async () => {
    server = await startServerProcess({ env: { ACCESS_TOKEN_TTL_SECONDS: '1' } });
  });

  afterAll(async () => {
    await Promise.all(people.splice(0).map((person) => person.context.close()));
    await server?.stop();
  });

  it('keeps working after the access token expires, refreshing the session transparently', async () => {
    const person = await open({ userAgent: CHROME_ON_WINDOWS });
    await signIn(person, 'sign-up');
    const refreshes: string[] = [];
    person.page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/auth/session/refresh') refreshes.push(String(response.status()));
    });

    for (const round of [1, 2]) {
      await person.page.waitForTimeout(2_100);
      await reloadList(person.page);
      expect(person.page.url()).toMatch(/\/account\/security$/);
      expect(await deviceNames(person.page)).toEqual(['Chrome on Windows']);
      // At least one refresh per load (more only if the machine is so slow that a fresh
      // one-second token expired again between two requests), and every one succeeded.
      expect(refreshes.length).toBeGreaterThanOrEqual(round);
      expect(refreshes.every((status) => status === '200')).toBe(true);
    }
    expect(person.problems).toEqual([]);
  });
});
