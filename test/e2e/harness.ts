/**
 * What the end-to-end tests stand on: the real server as a child process and a real Chromium.
 * The tests assume `npm run build` has run (`npm test` does it first).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, LaunchOptions } from 'playwright-core';

/** The repository root, whatever the working directory. */
export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_ENTRY = fileURLToPath(new URL('../../dist/node/server/main.js', import.meta.url));
export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';
/** Screenshots and other artefacts (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

export interface RunningServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** Every line the server wrote, stdout and stderr, in order. */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts `node dist/node/server/main.js` on a free port with an in-memory database and cheap
 * password hashing, and resolves once it prints its `server.listening` line.
 */
export function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(SERVER_ENTRY)) {
    return Promise.reject(new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first.`));
  }
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite::memory:',
      PASSWORD_HASH_COST: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  child.once('exit', (code, signal) => {
    // A crash mid-test otherwise shows up only as "connection refused" in the browser.
    if (!stopping) logs.push(`[harness] the server exited unexpectedly (code ${code}, signal ${signal})`);
  });

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  return new Promise<RunningServer>((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${reason}\nserver stderr:\n${stderr.join('\n') || '(empty)'}\nserver stdout:\n${logs.join('\n') || '(empty)'}`)));
    };
    const timer = setTimeout(() => fail(`The server did not print "server.listening" within ${STARTUP_TIMEOUT_MS / 1000} s.`), STARTUP_TIMEOUT_MS);

    const collect = (stream: NodeJS.ReadableStream, into: string[][]): void => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line === '') continue;
          for (const target of into) target.push(line);
          if (!settled && line.includes('"server.listening"')) onListening(line);
        }
      });
    };
    const onListening = (line: string): void => {
      let url: unknown;
      try {
        url = (JSON.parse(line) as { url?: unknown }).url;
      } catch {
        url = undefined;
      }
      if (typeof url !== 'string') {
        fail(`The server.listening line has no url: ${line}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ url, logs, stop });
    };
    collect(child.stdout, [logs]);
    collect(child.stderr, [logs, stderr]);
    child.once('error', (error) => fail(`Could not start the server: ${error.message}`));
    child.once('exit', (code, signal) => fail(`The server exited before listening (code ${code}, signal ${signal}).`));
  });
}

/** Flags that keep Chromium quiet and deterministic in a container. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];

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
