/**
 * Part 4: resident memory of one strict-mode SQLite instance at idle, under the request-path
 * load, and through churn (sign-in then sign-out, many times), sampled as it goes so that a
 * growth that does not level off shows.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunningServer } from './lib/child.ts';
import { MAIN_SCRIPT, ROOT, sessionControlEnv, startServer } from './lib/child.ts';
import { signIn, signOut, signUp } from './lib/http.ts';
import { LOAD, loadMe } from './request-path.ts';

export interface MemorySample {
  operations: number;
  rssMiB: number;
  /** V8 heap in use right after a full GC: live objects only. */
  heapAfterGcMiB: number;
}

export interface MemoryResult {
  idleMiB: number;
  idleHeapAfterGcMiB: number;
  /** After churn, following a full GC. */
  afterChurnGc: MemorySample;
  gcSamples: MemorySample[];
  underLoadMiB: number;
  afterLoadMiB: number;
  /** [operations done, RSS MiB] during churn. */
  churn: [number, number][];
  churnOperations: number;
  churnSeconds: number;
  afterChurnLoadMiB: number;
  error?: string;
}

const CONCURRENCY = 8;
const MiB = 2 ** 20;

/** Asks the preloaded probe for a full GC and the memory after it. */
function probe(server: RunningServer, operations: number): Promise<MemorySample> {
  return new Promise((done, reject) => {
    const stderr = server.child.stderr;
    if (stderr === null) {
      reject(new Error('no stderr to read the probe from'));
      return;
    }
    let buffer = '';
    const timer = setTimeout(() => {
      stderr.off('data', onData);
      reject(new Error('the memory probe did not answer'));
    }, 10_000);
    const onData = (chunk: string): void => {
      buffer += chunk;
      const line = buffer.split('\n').find((item) => item.includes('"bench.memory"'));
      if (line === undefined) return;
      clearTimeout(timer);
      stderr.off('data', onData);
      const usage = JSON.parse(line) as { rss: number; heapUsed: number };
      done({ operations, rssMiB: usage.rss / MiB, heapAfterGcMiB: usage.heapUsed / MiB });
    };
    stderr.on('data', onData);
    server.child.kill('SIGUSR2');
  });
}
const USERS = 40;

export async function runMemory(churnTarget: number, churnDeadline: number): Promise<MemoryResult> {
  const server = await startServer({
    name: 'memory strict SQLite',
    script: MAIN_SCRIPT,
    // In-memory SQLite: on a file every sign-in and sign-out waits for an fsync (synchronous=FULL), which caps the
    // churn at tens of pairs per second here; the question is whether the process's own memory levels off.
    env: sessionControlEnv({ DATABASE_URL: 'sqlite::memory:', REVOCATION_MODE: 'strict' }),
    nodeArgs: ['--expose-gc', '--import', pathToFileURL(resolve(ROOT, 'dist/node/bench/gc-probe.js')).href],
  });
  try {
    const emails = Array.from({ length: USERS }, (_, index) => `bench-memory-${index}@example.com`);
    const { cookie } = await signUp(server.url, emails[0] as string);
    for (const email of emails.slice(1)) await signUp(server.url, email);
    await new Promise((wait) => setTimeout(wait, 1_000));
    const idleMiB = server.rssMiB();
    const idle = await probe(server, 0);
    const gcSamples: MemorySample[] = [];

    let peak = 0;
    const sample = (): void => {
      peak = Math.max(peak, server.rssMiB());
    };
    const timer = setInterval(sample, 250);
    await loadMe(server.url, cookie, LOAD.durationSeconds);
    clearInterval(timer);
    const underLoadMiB = peak;
    const afterLoadMiB = server.rssMiB();

    const churn: [number, number][] = [[0, server.rssMiB()]];
    let done = 0;
    const start = performance.now();
    const sampleEvery = Math.max(500, Math.floor(churnTarget / 20));
    const worker = async (offset: number): Promise<void> => {
      for (let index = offset; done < churnTarget && Date.now() < churnDeadline; index += CONCURRENCY) {
        const signedIn = await signIn(server.url, emails[index % USERS] as string);
        const status = await signOut(server.url, signedIn.cookie);
        if (status !== 200) throw new Error(`sign-out answered ${status}`);
        done += 1;
        const at = done;
        if (at % sampleEvery === 0) {
          churn.push([at, server.rssMiB()]);
          if (at % (sampleEvery * 4) === 0) gcSamples.push(await probe(server, at));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, offset) => worker(offset)));
    const churnSeconds = (performance.now() - start) / 1000;
    churn.push([done, server.rssMiB()]);
    const afterChurnGc = await probe(server, done);

    peak = 0;
    const again = setInterval(sample, 250);
    await loadMe(server.url, cookie, LOAD.durationSeconds);
    clearInterval(again);
    return { idleMiB, idleHeapAfterGcMiB: idle.heapAfterGcMiB, afterChurnGc, gcSamples, underLoadMiB, afterLoadMiB, churn, churnOperations: done, churnSeconds, afterChurnLoadMiB: peak };
  } finally {
    await server.stop();
  }
}
