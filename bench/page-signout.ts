/**
 * Part `pagesignout`: live sign-out as a person sees it (issue 11). The revoked device is the real
 * dashboard (`/account/security`, served by the server from dist/dashboard) open in headless
 * Chromium; each trial signs that device in (cookie mode, the cookies handed to the browser),
 * loads the page, waits until its `GET /api/events` stream has answered 200, then revokes the
 * session from another session of the same user (`DELETE /api/sessions/:id`, header mode, from
 * this process) and times from the moment that call returned to the moment the page shows the
 * signed-out screen: the sign-in page's alert "Signed out from <device>. Sign in again.".
 *
 * The page side is read inside the page: a MutationObserver (installed before any script of the
 * page runs) notes `Date.now()` when that alert enters the DOM, and again at the next animation
 * frame (the first frame that can paint it). Both sides read the same system clock
 * (`Date.now()`, whole milliseconds).
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { REFRESH_COOKIE_PATH } from '../server/http/cookies.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../server/testing/chromium.ts';
import type { ServerProcess } from '../server/testing/server-process.ts';
import { signIn, signUp } from '../server/testing/sign-up.ts';
import type { Account, SignUpOptions } from '../server/testing/sign-up.ts';
import { PUBLIC_ORIGIN, upstreamOf, withTwoInstancesBehindNginx } from './events.ts';
import { MAIN_SCRIPT, sessionControlEnv, startTarget } from './lib/child.ts';
import { BENCH_ACCOUNT, PASSWORD } from './lib/http.ts';
import { percentile } from './lib/stats.ts';

export interface PageSignOutResult {
  setup: string;
  trials: number;
  /** Trials whose signed-out screen was in the DOM within 1 s of the revoke returning (issue 11's goal). */
  withinGoal: number;
  /** Trials whose signed-out screen did not show within 5 s (counted as infinitely slow in the percentiles). */
  missed: number;
  /** From the revoke's answer to the alert entering the DOM. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From the revoke's answer to the next animation frame after that. */
  frameP50Ms: number;
  frameP99Ms: number;
  /** From sending the revoke to the alert entering the DOM. */
  sentP50Ms: number;
  sentP99Ms: number;
  /** Behind nginx: trials whose stream and revoke were answered by the same instance. */
  sameInstance: number | null;
  /** Every trial's time from the answer to the DOM, in trial order (for the chart). */
  samplesMs: number[];
}

export const PAGE_GOAL_MS = 1_000;
const GIVE_UP_MS = 5_000;
const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MANAGER: SignUpOptions = { ...BENCH_ACCOUNT, mode: 'header' };
const DEVICE: SignUpOptions = { ...BENCH_ACCOUNT, userAgent: CHROME_ON_WINDOWS, origin: PUBLIC_ORIGIN };

interface Shown {
  dom: number;
  frame: number;
}

/** Runs in the page before its own scripts; the state lives on `window.__benchSignedOut`. */
function watchForSignedOut(): void {
  const state = { dom: 0, frame: 0 };
  (window as unknown as { __benchSignedOut: typeof state }).__benchSignedOut = state;
  const observer = new MutationObserver(() => {
    if (state.dom !== 0) return;
    const alert = document.querySelector('[role="alert"]');
    if (alert === null || !(alert.textContent ?? '').startsWith('Signed out from')) return;
    state.dom = Date.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      state.frame = Date.now();
    });
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/** The session's cookies as the browser would have stored them from the sign-in answer. */
function browserCookies(account: Account) {
  return account.jar.entries().map(([name, value]) => ({
    name,
    value,
    domain: '127.0.0.1',
    path: name.includes('refresh') ? REFRESH_COOKIE_PATH : '/',
    httpOnly: true,
    sameSite: 'Strict' as const,
  }));
}

/** Resolves with the X-Upstream of the next 200 answer to GET /api/events on `page` ('' when there is none). */
function nextStreamOpen(page: Page): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off('response', onResponse);
      reject(new Error('the page opened no event stream'));
    }, GIVE_UP_MS * 2);
    const onResponse = (response: PageResponse): void => {
      if (!response.url().endsWith('/api/events') || response.status() !== 200) return;
      clearTimeout(timer);
      page.off('response', onResponse);
      resolve(response.headers()['x-upstream'] ?? '');
    };
    page.on('response', onResponse);
  });
}

interface Steering {
  /** Before each revoke; returns the upstream the revoke will land on, or null when there is one instance. */
  beforeRevoke(trial: number): Promise<string | null>;
}

async function measure(
  setup: string,
  url: string,
  trials: number,
  deadline: number,
  steering: Steering,
): Promise<PageSignOutResult> {
  const email = `bench-page-${Date.now()}@example.com`;
  const manager = await signUp(url, { ...MANAGER, email, origin: PUBLIC_ORIGIN });
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const samples: number[] = [];
  const frames: number[] = [];
  const sinceSent: number[] = [];
  let sameInstance = 0;
  let missed = 0;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ userAgent: CHROME_ON_WINDOWS, viewport: { width: 1000, height: 760 } });
    context.setDefaultTimeout(GIVE_UP_MS * 2);
    await context.addInitScript(watchForSignedOut);
    const page = await context.newPage();
    for (let trial = 0; trial < trials && Date.now() < deadline; trial += 1) {
      const device = await signIn(url, email, PASSWORD, DEVICE);
      await context.clearCookies();
      await context.addCookies(browserCookies(device));
      const streamOpen = nextStreamOpen(page);
      await page.goto(`${url}/account/security`);
      const streamUpstream = await streamOpen;
      const revokeUpstream = await steering.beforeRevoke(trial);
      const sentAt = Date.now();
      const response = await fetch(`${url}/api/sessions/${encodeURIComponent(device.sessionId)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${manager.accessToken}` },
      });
      await response.arrayBuffer();
      const returnedAt = Date.now();
      if (response.status !== 204) throw new Error(`DELETE /api/sessions/:id answered ${response.status}`);
      const handle = await page
        .waitForFunction(
          () => {
            const state = (window as unknown as { __benchSignedOut?: Shown }).__benchSignedOut;
            return state !== undefined && state.frame !== 0 ? state : null;
          },
          undefined,
          { timeout: GIVE_UP_MS, polling: 10 },
        )
        .catch(() => null);
      if (handle === null) {
        // Not shown within GIVE_UP_MS: a miss, counted as slower than any time (so p99 says so).
        missed += 1;
        samples.push(Number.POSITIVE_INFINITY);
        continue;
      }
      const shown = (await handle.jsonValue()) as Shown;
      samples.push(shown.dom - returnedAt);
      frames.push(shown.frame - returnedAt);
      sinceSent.push(shown.dom - sentAt);
      if (revokeUpstream !== null && revokeUpstream === streamUpstream) sameInstance += 1;
    }
  } finally {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
  }
  return {
    setup,
    trials: samples.length,
    withinGoal: samples.filter((value) => value <= PAGE_GOAL_MS).length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.length === 0 ? Number.NaN : Math.max(...samples),
    missed,
    frameP50Ms: percentile(frames, 50),
    frameP99Ms: percentile(frames, 99),
    sentP50Ms: percentile(sinceSent, 50),
    sentP99Ms: percentile(sinceSent, 99),
    sameInstance: setup.includes('nginx') ? sameInstance : null,
    samplesMs: samples.filter(Number.isFinite),
  };
}

export async function runPageSignOutSqlite(
  tempDir: string,
  trials: number,
  deadline: number,
): Promise<PageSignOutResult> {
  const env = sessionControlEnv({
    DATABASE_URL: `sqlite:${join(tempDir, 'page-signout.db')}`,
    REVOCATION_MODE: 'strict',
    PUBLIC_ORIGIN,
  });
  const server: ServerProcess = await startTarget({ name: 'page sign-out (SQLite)', script: MAIN_SCRIPT, env });
  try {
    return await measure('one instance, SQLite', server.url, trials, deadline, { beforeRevoke: async () => null });
  } finally {
    await server.stop();
  }
}

export function runPageSignOutBehindNginx(
  databaseUrl: string,
  trials: number,
  deadline: number,
): Promise<PageSignOutResult> {
  // The page's own requests take nginx's round robin as they come; the revoke alternates A, B, A, B…
  return withTwoInstancesBehindNginx(databaseUrl, ({ url, a, b, nextLandsOn }) =>
    measure('two instances, PostgreSQL, behind nginx', url, trials, deadline, {
      async beforeRevoke(trial) {
        const target = trial % 2 === 0 ? a : b;
        await nextLandsOn(target);
        return upstreamOf(target);
      },
    }),
  );
}
