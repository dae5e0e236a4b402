/**
 * The built Chrome extension (dist/extension) in a real Chromium against the real server: the
 * popup shares the dashboard's cookie session, lists this device and the others, signs another
 * device out for good, and signs this browser out of the dashboard too.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { openPopupTimed } from '../../server/testing/popup-open.ts';
import type { PopupOpenTiming } from '../../server/testing/popup-open.ts';
import { createApiClient } from '../../shared/client/api-client.ts';
import { createExtensionStorage } from '../../extension/platform/extension-storage.ts';
import { FakeStorageArea } from '../../extension/platform/fake-storage-area.ts';
import { launchChromiumWithExtension } from './harness.ts';
import type { ServerProcess } from '../../server/testing/server-process.ts';
import { startServerProcess } from '../../server/testing/server-process.ts';

const EXTENSION_DIR = fileURLToPath(new URL('../../dist/extension/', import.meta.url));
const EXTENSION_ID = 'kehjfghcnpkbjbdjkbnlbklejjlhopcn';
const POPUP_URL = `chrome-extension://${EXTENSION_ID}/popup.html`;
const OPTIONS_URL = `chrome-extension://${EXTENSION_ID}/options.html`;
const EMAIL = 'ada@example.org';
const PASSWORD = 'correct horse battery';
const OTHER_DEVICE_USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0';
const POPUP_OPENS_TO_TIME = 7;

let server: ServerProcess;
let context: BrowserContext;

/**
 * A port that was free a moment ago. The server is given a fixed port because with PORT=0 it
 * derives its own origin (for the CSRF check) from port 0 and refuses the dashboard's sign-in.
 */
async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Signs in as another device over plain HTTP (header mode, another browser's User-Agent). */
async function signInElsewhere(): Promise<string> {
  const response = await postJson(
    '/auth/signin',
    { email: EMAIL, password: PASSWORD },
    { 'X-Auth-Mode': 'header', 'User-Agent': OTHER_DEVICE_USER_AGENT },
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { tokens: { accessToken: string } };
  return body.tokens.accessToken;
}

/** The dashboard in a tab of the extension's browser, signed in (cookies the popup shares). */
async function signInOnDashboard(): Promise<Page> {
  const dashboard = await context.newPage();
  await dashboard.goto(`${server.url}/signin`);
  await dashboard.getByLabel('Email').fill(EMAIL);
  await dashboard.getByLabel('Password').fill(PASSWORD);
  await dashboard.getByRole('button', { name: 'Sign in' }).click();
  await dashboard.waitForURL(`${server.url}/account/security`);
  return dashboard;
}

function meWithToken(accessToken: string): Promise<Response> {
  return fetch(`${server.url}/api/me`, {
    headers: { Authorization: `Bearer ${accessToken}`, 'User-Agent': OTHER_DEVICE_USER_AGENT },
  });
}

async function serviceWorker(): Promise<Worker> {
  const existing = context
    .serviceWorkers()
    .find((worker) => worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
  return existing ?? context.waitForEvent('serviceworker', { timeout: 10_000 });
}

async function badgeText(): Promise<string> {
  const worker = await serviceWorker();
  return worker.evaluate(() => (globalThis as unknown as ExtensionGlobal).chrome.action.getBadgeText({}));
}

/**
 * Opens the popup page in a tab and waits until the session list is drawn (from the cache, when
 * there is one) and until the fresh list has arrived. Both times are taken inside the page by a
 * MutationObserver, in milliseconds since the page's navigation started.
 */
function openPopup(page: Page): Promise<PopupOpenTiming> {
  return openPopupTimed(page, POPUP_URL);
}

/** Waits until the popup has the fresh list (not the cached one) and it has `count` devices. */
async function expectFreshDeviceCount(page: Page, count: number): Promise<void> {
  await expect.poll(() => page.locator('.sc-session-list').getAttribute('aria-busy')).toBe('false');
  await expect.poll(() => page.locator('.sc-session').count()).toBe(count);
}

/** The part of the `chrome` global the test reads inside the extension's service worker. */
interface ExtensionGlobal {
  chrome: {
    action: { getBadgeText(details: Record<string, never>): Promise<string> };
    alarms: { create(name: string, info: { when: number }): Promise<void> };
    storage: {
      local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    };
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('the browser extension', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    context = await launchChromiumWithExtension(EXTENSION_DIR);
    // Point the extension at the test server, as the options page would.
    const worker = await serviceWorker();
    await worker.evaluate(
      (origin) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({ serverOrigin: origin }),
      server.url,
    );
    const signUp = await postJson('/auth/signup', { email: EMAIL, password: PASSWORD }, { 'X-Auth-Mode': 'header' });
    expect(signUp.status).toBe(201);
    const { tokens } = (await signUp.json()) as { tokens: { accessToken: string } };
    // Only the browser below should be signed in when the test starts.
    const signOut = await fetch(`${server.url}/auth/signout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(signOut.status).toBe(200);
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it('saves the server address from the options page and says whether the server answers', async () => {
    const options = await context.newPage();
    await options.goto(OPTIONS_URL);
    const address = options.getByLabel('Server address');
    await expect.poll(() => address.inputValue()).not.toBe('');

    await address.fill('http://127.0.0.1:1/');
    await options.getByRole('button', { name: 'Save and test' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('http://127.0.0.1:1 cannot be reached');

    await address.fill(`${server.url}/account/security`);
    await options.getByRole('button', { name: 'Save and test' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('without a path');

    await address.fill(`${server.url}/`);
    await options.getByRole('button', { name: 'Save and test' }).click();
    await expect
      .poll(() => options.locator('[data-status="ok"]').textContent())
      .toContain(`${server.url} is a Session Control server and it is up`);
    const worker = await serviceWorker();
    const stored = await worker.evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get('serverOrigin'),
    );
    expect(stored.serverOrigin).toBe(server.url);
    await options.close();
  });

  it('shows the dashboard session as this device, lists and signs out others, signs the dashboard out', async () => {
    const dashboard = await signInOnDashboard();

    // The popup uses the dashboard's cookies: one device, this one, marked.
    const popup = await context.newPage();
    await openPopup(popup);
    await expectFreshDeviceCount(popup, 1);
    await expect.poll(() => popup.locator('.sc-popup-email').textContent()).toBe(EMAIL);
    await expect.poll(() => popup.locator('.sc-session-current').textContent()).toContain('This device');
    await expect.poll(() => popup.locator('.sc-popup-server').textContent()).toBe(new URL(server.url).host);
    expect(await popup.getByRole('link', { name: 'Open the account security page' }).getAttribute('href')).toBe(
      `${server.url}/account/security`,
    );
    await expect.poll(badgeText).toBe('');

    // Another device signs in. The background worker's own check (on its alarm, fired now) sees
    // it with the browser's cookies and shows it on the badge, before the popup is opened again: as
    // the alert, since that device is new to the account (issue 12; extension-new-sign-in.test.ts).
    const otherAccessToken = await signInElsewhere();
    expect((await meWithToken(otherAccessToken)).status).toBe(200);
    const worker = await serviceWorker();
    await worker.evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.alarms.create('refresh-badge', { when: Date.now() }),
    );
    await expect.poll(badgeText, { timeout: 10_000 }).toBe('!');

    // The reopened popup lists both devices.
    await openPopup(popup);
    await expectFreshDeviceCount(popup, 2);
    await expect.poll(() => popup.locator('.sc-session').first().getAttribute('class')).toContain('sc-session-current');
    await expect.poll(() => popup.locator('.sc-session').nth(1).textContent()).toContain('Firefox');
    await expect.poll(badgeText).toBe('!');

    // How long from opening the popup to the list being drawn (from the cache after the first open).
    const timings: PopupOpenTiming[] = [];
    for (let open = 0; open < POPUP_OPENS_TO_TIME; open += 1) {
      const page = await context.newPage();
      timings.push(await openPopup(page));
      await page.close();
    }
    const drawn = timings.map((timing) => timing.drawnMs);
    const fresh = timings.map((timing) => timing.freshMs);
    process.stdout.write(
      `${JSON.stringify({
        metric: 'popup_open_to_list_ms',
        median: Math.round(median(drawn) * 10) / 10,
        fresh_list_median_ms: Math.round(median(fresh) * 10) / 10,
        samples: drawn.map((ms) => Math.round(ms)),
        opens: timings.length,
        devices: 2,
      })}\n`,
    );

    // The popup signs the other device out; that device's next request is refused.
    await popup.getByRole('button', { name: /^Sign out Firefox/ }).click();
    await popup.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await expectFreshDeviceCount(popup, 1);
    expect((await meWithToken(otherAccessToken)).status).toBe(401);
    await expect.poll(badgeText).toBe('');

    // "Sign out of this device" in the popup signs the dashboard out too: they share the session.
    await popup.getByRole('button', { name: 'Sign out of this device' }).click();
    await popup.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await popup.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
    const dashboardMe = await dashboard.evaluate(
      async () => (await fetch('/api/me', { credentials: 'include' })).status,
    );
    expect(dashboardMe).toBe(401);
    await dashboard.reload();
    await dashboard.waitForURL(`${server.url}/signin`);
    await dashboard.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
    await expect.poll(badgeText).toBe('');
  });

  it('an open popup shows, unclicked and within 2 s, that another device signed it out (issue 11)', async () => {
    const dashboard = await signInOnDashboard();
    const popup = await context.newPage();
    // The popup is "open" for this test once its live stream answered: on a busy machine it may
    // still be connecting when the list is drawn, and a stream opened after the end gets a bare 401.
    const streamOpen = popup.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/events' && response.status() === 200,
      { timeout: 15_000 },
    );
    await openPopup(popup);
    await expectFreshDeviceCount(popup, 1);
    await streamOpen;
    const mine = await popup.evaluate(async (origin) => {
      const answer = await fetch(`${origin}/api/me`, { credentials: 'include' });
      return ((await answer.json()) as { session: { id: string } }).session.id;
    }, server.url);

    // Another device (just signed in, so recently authenticated) ends this browser's session.
    const otherAccessToken = await signInElsewhere();
    const ended = await fetch(`${server.url}/api/sessions/${mine}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${otherAccessToken}`, 'User-Agent': OTHER_DEVICE_USER_AGENT },
    });
    expect(ended.status).toBe(204);
    await popup.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible', timeout: 2_000 });
    await expect
      .poll(() => popup.getByRole('alert').textContent(), { timeout: 2_000 })
      .toBe('Signed out from Firefox on Windows. Sign in again.');
    await dashboard.close();
    await popup.close();
  });
});

describe("the Firefox build's header-mode client, against the real server", () => {
  let headerServer: ServerProcess;

  beforeAll(async () => {
    headerServer = await startServerProcess({ env: { ACCESS_TOKEN_TTL_SECONDS: '1' } });
    const signUp = await fetch(`${headerServer.url}/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Auth-Mode': 'header' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    expect(signUp.status).toBe(201);
  });

  afterAll(async () => {
    await headerServer?.stop();
  });

  it('keeps the tokens in extension storage only, refreshes them there, and forgets them on sign-out', async () => {
    const local = new FakeStorageArea();
    const storage = createExtensionStorage({ local, session: new FakeStorageArea() });
    const origin = headerServer.url;
    // What extension/extension-client.ts builds when __SESSION_CONTROL_AUTH_MODE__ is 'header'.
    const client = createApiClient({ baseUrl: origin, authMode: 'header', tokenStore: storage.tokenStore(origin) });

    const signIn = await client.signIn({ email: EMAIL, password: PASSWORD });
    expect(signIn.error).toBeNull();
    expect(JSON.stringify(signIn.data)).not.toContain('accessToken');
    // Beside the tokens, the device secret that keeps this browser a known device (issue 12).
    expect([...local.items.keys()]).toEqual([`tokens:${origin}`, `deviceToken:${origin}`]);
    const firstTokens = await storage.tokenStore(origin).get();
    expect(firstTokens?.refreshToken).toBeTruthy();

    const listed = await client.listSessions();
    expect(listed.data?.sessions.filter((session) => session.current)).toHaveLength(1);

    // The 1-second access token expires (it lives 1 to 2 s: JWT times are whole seconds, rounded
    // up); the next call refreshes and the rotated tokens are stored.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const afterExpiry = await client.me();
    expect(afterExpiry.data?.user.email).toBe(EMAIL);
    const rotated = await storage.tokenStore(origin).get();
    expect(rotated?.refreshToken).toBeTruthy();
    expect(rotated?.refreshToken).not.toBe(firstTokens?.refreshToken);

    expect((await client.signOut()).error).toBeNull();
    // Signing out ends the session, not the device.
    expect([...local.items.keys()]).toEqual([`deviceToken:${origin}`]);
    expect((await client.listSessions()).error?.status).toBe(401);
  });
});

describe('the popup and a device name that holds markup', () => {
  const MARKUP = '<img src=x onerror=alert(1)>';
  let hostileServer: ServerProcess;
  let hostileContext: BrowserContext;

  beforeAll(async () => {
    hostileServer = await startServerProcess();
    hostileContext = await launchChromiumWithExtension(EXTENSION_DIR);
    const worker =
      hostileContext.serviceWorkers()[0] ?? (await hostileContext.waitForEvent('serviceworker', { timeout: 10_000 }));
    await worker.evaluate(
      (origin) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({ serverOrigin: origin }),
      hostileServer.url,
    );
  });

  afterAll(async () => {
    await hostileContext?.close();
    await hostileServer?.stop();
  });

  it('lists it as plain text in the popup: no element is created and nothing runs', async () => {
    // This browser signs up with its own cookies; another "device" signs in with a hostile User-Agent.
    const page = await hostileContext.newPage();
    await page.goto(`${hostileServer.url}/signin`);
    const status = await page.evaluate(
      async ({ email, password }) =>
        (
          await fetch('/auth/signup', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ email, password }),
            credentials: 'include',
          })
        ).status,
      { email: EMAIL, password: PASSWORD },
    );
    expect(status).toBe(201);
    // bowser takes the product token as the browser's name, so the markup reaches the device name.
    const hostileUserAgent = `${MARKUP}/1.0 (X11; Linux x86_64) ${'A'.repeat(8 * 1024)}`;
    const signIn = await fetch(`${hostileServer.url}/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': hostileUserAgent },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);

    const popup = await hostileContext.newPage();
    const dialogs: string[] = [];
    popup.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await popup.goto(POPUP_URL);
    await expectFreshDeviceCount(popup, 2);
    const listText = (await popup.locator('.sc-session-list').textContent()) ?? '';
    expect(listText).toContain(`${MARKUP} on Linux`);
    expect(await popup.locator('.sc-session-list img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // The 8 KB header was capped before it was stored: the row stays a row.
    expect(listText.length).toBeLessThan(4 * 1024);
  });
});
