/**
 * Part 4: resident memory of one strict-mode SQLite instance at idle, under the request-path
 * load, and through churn (sign-in then sign-out, many times), sampled as it goes so that a
 * growth that does not level off shows.
 */
import { MAIN_SCRIPT, sessionControlEnv, startServer } from './lib/child.ts';
import { signIn, signOut, signUp } from './lib/http.ts';
import { LOAD, loadMe } from './request-path.ts';

export interface MemoryResult {
  idleMiB: number;
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
const USERS = 40;

export async function runMemory(churnTarget: number, churnDeadline: number): Promise<MemoryResult> {
  const server = await startServer({
    name: 'memory strict SQLite',
    script: MAIN_SCRIPT,
    // In-memory SQLite: on a file every sign-in and sign-out waits for an fsync (synchronous=FULL), which caps the
    // churn at tens of pairs per second here; the question is whether the process's own memory levels off.
    env: sessionControlEnv({ DATABASE_URL: 'sqlite::memory:', REVOCATION_MODE: 'strict' }),
  });
  try {
    const emails = Array.from({ length: USERS }, (_, index) => `bench-memory-${index}@example.com`);
    const { cookie } = await signUp(server.url, emails[0] as string);
    for (const email of emails.slice(1)) await signUp(server.url, email);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idleMiB = server.rssMiB();

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
        if (done % sampleEvery === 0) churn.push([done, server.rssMiB()]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, offset) => worker(offset)));
    const churnSeconds = (performance.now() - start) / 1000;
    churn.push([done, server.rssMiB()]);

    peak = 0;
    const again = setInterval(sample, 250);
    await loadMe(server.url, cookie, LOAD.durationSeconds);
    clearInterval(again);
    return { idleMiB, underLoadMiB, afterLoadMiB, churn, churnOperations: done, churnSeconds, afterChurnLoadMiB: peak };
  } finally {
    await server.stop();
  }
}
