/**
 * Part 3: revocation across instances. Two servers (A and B) share one PostgreSQL schema. Each
 * trial signs in on A, uses the token on B (so B has verified and cached it), signs out on A,
 * and as soon as that call has returned asks B again, until B refuses. Strict mode must refuse
 * on the very first request after the revoke returned.
 */
import type { ServerProcess } from '../server/testing/server-process.ts';
import { signIn, signUp } from '../server/testing/sign-up.ts';
import { MAIN_SCRIPT, sessionControlEnv, startTarget } from './lib/child.ts';
import { accessCookie, BENCH_ACCOUNT, getMe, PASSWORD, signOut } from './lib/http.ts';
import { percentile } from './lib/stats.ts';

export interface PropagationResult {
  mode: 'strict' | 'stateless';
  trials: number;
  /** Requests B answered 200 after the revoke on A had returned. */
  acceptedAfterRevoke: number;
  /** Trials in which B still accepted the token at the end of the wait. */
  neverRefused: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  error?: string;
}

const USERS = 10;
const PUBLIC_ORIGIN = 'http://127.0.0.1:8080';
const GIVE_UP_MS = 1_000;

export async function runPropagation(
  mode: 'strict' | 'stateless',
  databaseUrl: string,
  trials: number,
  deadline: number,
): Promise<PropagationResult> {
  // Behind a load balancer every instance has the same public origin (it is also the tokens' `iss`).
  const env = sessionControlEnv({ DATABASE_URL: databaseUrl, REVOCATION_MODE: mode, PUBLIC_ORIGIN });
  const servers: ServerProcess[] = [];
  try {
    const a = await startTarget({ name: `A (${mode})`, script: MAIN_SCRIPT, env });
    servers.push(a);
    const b = await startTarget({ name: `B (${mode})`, script: MAIN_SCRIPT, env });
    servers.push(b);
    const emails = Array.from({ length: USERS }, (_, index) => `bench-propagation-${mode}-${index}@example.com`);
    for (const email of emails) await signUp(a.url, { ...BENCH_ACCOUNT, email, origin: PUBLIC_ORIGIN });

    const times: number[] = [];
    let accepted = 0;
    let neverRefused = 0;
    let done = 0;
    for (let trial = 0; trial < trials && Date.now() < deadline; trial += 1) {
      const cookie = accessCookie(
        await signIn(a.url, emails[trial % USERS] as string, PASSWORD, { ...BENCH_ACCOUNT, origin: PUBLIC_ORIGIN }),
      );
      const warm = await getMe(b.url, cookie);
      if (warm !== 200) throw new Error(`B refused a fresh session (${warm}) before the revoke`);
      const revoked = await signOut(a.url, cookie, PUBLIC_ORIGIN);
      if (revoked !== 200) throw new Error(`sign-out on A answered ${revoked}`);
      const returnedAt = performance.now();
      let refusedAt: number | null = null;
      while (performance.now() - returnedAt < GIVE_UP_MS) {
        const status = await getMe(b.url, cookie);
        if (status === 401) {
          refusedAt = performance.now();
          break;
        }
        accepted += 1;
        if (mode === 'stateless') break; // tokens are honoured until they expire; one sample shows it
      }
      if (refusedAt === null) neverRefused += 1;
      else times.push(refusedAt - returnedAt);
      done += 1;
    }
    return {
      mode,
      trials: done,
      acceptedAfterRevoke: accepted,
      neverRefused,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      maxMs: times.length === 0 ? Number.NaN : Math.max(...times),
    };
  } finally {
    for (const server of servers) await server.stop();
  }
}
