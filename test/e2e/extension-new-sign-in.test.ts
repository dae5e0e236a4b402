/**
 * Issue 12 in the built Chrome extension (dist/extension) against the real server: a sign-in from
 * a device new to the account turns the badge into the alert (text, colour and a tooltip that says
 * why) and shows one system notification, on the alarm while the popup is closed and at once while
 * it is open; "Yes, it was me" in the popup brings the usual badge back.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { launchChromiumWithExtension } from './harness.ts';
import type { ServerProcess } from '../../server/testing/server-process.ts';
import { startServerProcess } from '../../server/testing/server-process.ts';

const EXTENSION_DIR = fileURLToPath(new URL('../../dist/extension/', import.meta.url));
const EXTENSION_ID = 'kehjfghcnpkbjbdjkbnlbklejjlhopcn';
const POPUP_URL = `chrome-extension://${EXTENSION_ID}/popup.html`;
const EMAIL = 'lin@example.org';
const PASSWORD = 'correct horse battery';
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) ' +
  'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

/** The part of the `chrome` global the test reads inside the extension's service worker. */
interface ExtensionGlobal {
  chrome: {
    action: {
      getBadgeText(details: Record<string, never>): Promise<string>;
      getTitle(details: Record<string, never>): Promise<string>;
      getBadgeBackgroundColor(details: Record<string, never>): Promise<number[]>;
    };
    alarms: { create(name: string, info: { when: number }): Promise<void> };
    notifications: {
      getAll(): Promise<Record<string, boolean>>;
      clear(id: string): Promise<boolean>;
    };
    storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  };
}

let server: ServerProcess;
let context: BrowserContext;

async function serviceWorker(): Promise<Worker> {
  const existing = context
    .serviceWorkers()
    .find((worker) => worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
  return existing ?? context.waitForEvent('serviceworker', { timeout: 10_000 });
}

async function badge(): Promise<{ text: string; title: string; colour: number[] }> {
  const worker = await serviceWorker();
  return worker.evaluate(async () => {
    const { action } = (globalThis as unknown as ExtensionGlobal).chrome;
    return {
      text: await action.getBadgeText({}),
      title: await action.getTitle({}),
      colour: await action.getBadgeBackgroundColor({}),
    };
  });
}

async function notificationIds(): Promise<string[]> {
  const worker = await serviceWorker();
  return worker.evaluate(async () =>
    Object.keys(await (globalThis as unknown as ExtensionGlobal).chrome.notifications.getAll()).sort(),
  );
}

async function fireAlarm(): Promise<void> {
  const worker = await serviceWorker();
  await worker.evaluate(() =>
    (globalThis as unknown as ExtensionGlobal).chrome.alarms.create('refresh-badge', { when: Date.now() }),
  );
}

/** Signs in as another device over plain HTTP (header mode, no device token: a device new to the account). */
async function signInElsewhere(userAgent: string): Promise<string> {
  const response = await fetch(`${server.url}/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Mode': 'header', 'User-Agent': userAgent },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { session: { id: string; newDevice: boolean } };
  expect(body.session.newDevice).toBe(true);
  return body.session.id;
}

describe('the extension on a new sign-in (issue 12)', () => {
  let popup: Page;

  beforeAll(async () => {
    server = await startServerProcess();
    context = await launchChromiumWithExtension(EXTENSION_DIR);
    const worker = await serviceWorker();
    await worker.evaluate(
      (origin) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({ serverOrigin: origin }),
      server.url,
    );
    // This browser signs up on the dashboard: it is the account's own device, never "new".
    const dashboard = await context.newPage();
    await dashboard.goto(`${server.url}/signin`);
    await dashboard.getByRole('button', { name: 'Create an account' }).click();
    await dashboard.getByLabel('Email').fill(EMAIL);
    await dashboard.getByLabel('Password').fill(PASSWORD);
    await dashboard.getByRole('button', { name: 'Create account', exact: true }).click();
    await dashboard.waitForURL(`${server.url}/account/security`);
    await dashboard.close();
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it('with the popup closed: the alarm raises the badge alert and one notification', async () => {
    await fireAlarm();
    await expect.poll(async () => (await badge()).title).toBe('Only this device is signed in');
    expect(await notificationIds()).toEqual([]);

    const strangerId = await signInElsewhere(FIREFOX_ON_WINDOWS);
    await fireAlarm();

    await expect.poll(badge, { timeout: 10_000 }).toEqual({
      text: '!',
      title: 'New sign-in on Firefox on Windows — open to review',
      colour: [197, 34, 31, 255],
    });
    await expect.poll(notificationIds).toEqual([`new-sign-in:${strangerId}`]);

    // Not twice for the same session: cleared, and the next alarm does not bring it back.
    const worker = await serviceWorker();
    await worker.evaluate(
      (id) => (globalThis as unknown as ExtensionGlobal).chrome.notifications.clear(id),
      `new-sign-in:${strangerId}`,
    );
    await fireAlarm();
    await expect.poll(async () => (await badge()).text).toBe('!');
    expect(await notificationIds()).toEqual([]);
  });

  it('with the popup open: a new sign-in notifies at once, and "Yes, it was me" brings the count back', async () => {
    popup = await context.newPage();
    await popup.goto(POPUP_URL);
    await popup.locator('.sc-new-sign-in').first().waitFor();

    const phoneId = await signInElsewhere(SAFARI_ON_IPHONE);

    // No alarm fired: the open popup hears the event, saves the list and asks for the redraw.
    await expect.poll(notificationIds, { timeout: 5_000 }).toEqual([`new-sign-in:${phoneId}`]);
    await expect.poll(async () => (await badge()).title).toBe('2 new sign-ins — open to review');
    // One banner at a time in the popup; the other waits, counted and marked in the list.
    const banners = popup.locator('.sc-new-sign-in[role="alert"]');
    await popup.getByText('1 more new sign-in is marked in the list below.').waitFor();
    expect(await banners.count()).toBe(1);

    for (let answered = 0; answered < 2; answered += 1) {
      await banners.first().getByRole('button', { name: 'Yes, it was me' }).click();
      if (answered === 0) await popup.getByText(/more new sign-in/).waitFor({ state: 'detached' });
    }
    await expect.poll(() => banners.count()).toBe(0);

    await expect.poll(badge, { timeout: 5_000 }).toEqual({
      text: '2',
      title: '2 other devices signed in',
      colour: [37, 87, 201, 255],
    });
  });
});
