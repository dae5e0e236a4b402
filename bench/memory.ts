/**
 * Part 4: resident memory of one strict-mode SQLite instance at idle, under the request-path
 * load, and through churn (sign-in then sign-out, many times), sampled as it goes so that a
 * growth that does not level off shows.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signIn, signUp } from '../server/testing/sign-up.ts';
import type { ServerProcess } from '../server/testing/server-process.ts';
import { MAIN_SCRIPT, ROOT, rssMiB, sessionControlEnv, startTarget } from './lib/child.ts';
import { accessCookie, BENCH_ACCOUNT, PASSWORD, signOut } from './lib/http.ts';
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
export function probe(server: ServerProcess, operations: number): Promise<MemorySample> {
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
  const server = await startTarget({
    name: 'memory strict SQLite',
    script: MAIN_SCRIPT,
    // In-memory SQLite: on a file every sign-in and sign-out waits for an fsync (synchronous=FULL), which caps the
    // churn at tens of pairs per second here; the question is whether the process's own memory levels off.
    env: sessionControlEnv({ DATABASE_URL: 'sqlite::memory:', REVOCATION_MODE: 'strict' }),
    nodeArgs: ['--expose-gc', '--import', pathToFileURL(resolve(ROOT, 'dist/node/bench/gc-probe.js')).href],
  });
  try {
    const emails = Array.from({ length: USERS }, (_, index) => `bench-memory-${index}@example.com`);
    const cookie = accessCookie(await signUp(server.url, { ...BENCH_ACCOUNT, email: emails[0] as string }));
    for (const email of emails.slice(1)) await signUp(server.url, { ...BENCH_ACCOUNT, email });
    await new Promise((wait) => setTimeout(wait, 1_000));
    const idleMiB = rssMiB(server);
    const idle = await probe(server, 0);
    const gcSamples: MemorySample[] = [];

    let peak = 0;
    const sample = (): void => {
      peak = Math.max(peak, rssMiB(server));
    };
    const timer = setInterval(sample, 250);
    await loadMe(server.url, cookie, LOAD.durationSeconds);
    clearInterval(timer);
    const underLoadMiB = peak;
    const afterLoadMiB = rssMiB(server);

    const churn: [number, number][] = [[0, rssMiB(server)]];
    let done = 0;
    const start = performance.now();
    const sampleEvery = Math.max(500, Math.floor(churnTarget / 20));
    const worker = async (offset: number): Promise<void> => {
      for (let index = offset; done < churnTarget && Date.now() < churnDeadline; index += CONCURRENCY) {
        const signedIn = await signIn(server.url, emails[index % USERS] as string, PASSWORD, BENCH_ACCOUNT);
        const status = await signOut(server.url, accessCookie(signedIn));
        if (status !== 200) throw new Error(`sign-out answered ${status}`);
        done += 1;
        const at = done;
        if (at % sampleEvery === 0) {
          churn.push([at, rssMiB(server)]);
          if (at % (sampleEvery * 4) === 0) gcSamples.push(await probe(server, at));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, offset) => worker(offset)));
    const churnSeconds = (performance.now() - start) / 1000;
    churn.push([done, rssMiB(server)]);
    const afterChurnGc = await probe(server, done);

    peak = 0;
    const again = setInterval(sample, 250);
    await loadMe(server.url, cookie, LOAD.durationSeconds);
    clearInterval(again);
    return {
      idleMiB,
      idleHeapAfterGcMiB: idle.heapAfterGcMiB,
      afterChurnGc,
      gcSamples,
      underLoadMiB,
      afterLoadMiB,
      churn,
      churnOperations: done,
      churnSeconds,
      afterChurnLoadMiB: peak,
    };
  } finally {
    await server.stop();
  }
}
