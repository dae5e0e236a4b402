/**
 * Part `revokeall` (issue 11, item 5): revoke-all of a user with 20 open event streams. Each trial
 * signs 20 sessions of one user in (header mode) and opens a stream for each (the raw client,
 * server/testing/event-stream-client.ts), then a 21st session of the same user, freshly signed in,
 * calls `DELETE /api/sessions?scope=others`; the time is from that call returning to the moment
 * the last of the 20 streams parsed `session-ended`. One strict instance on SQLite.
 */
import { join } from 'node:path';
import { openEvents } from '../server/testing/event-stream-client.ts';
import type { EventStreamConnection } from '../server/testing/event-stream-client.ts';
import { signIn, signUp } from '../server/testing/sign-up.ts';
import type { SignUpOptions } from '../server/testing/sign-up.ts';
import { PUBLIC_ORIGIN } from './events.ts';
import { MAIN_SCRIPT, sessionControlEnv, startTarget } from './lib/child.ts';
import { BENCH_ACCOUNT, PASSWORD } from './lib/http.ts';
import { percentile } from './lib/stats.ts';

export interface RevokeAllResult {
  setup: string;
  streamsPerTrial: number;
  trials: number;
  /** Trials in which every stream got `session-ended`. */
  allNotified: number;
  /** From the revoke-all's answer to the last stream's `session-ended`. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From sending the revoke-all to the last `session-ended`. */
  sentP50Ms: number;
  sentP99Ms: number;
  samplesMs: number[];
}

export const REVOKE_ALL_STREAMS = 20;
const GIVE_UP_MS = 5_000;
const HEADER: SignUpOptions = { ...BENCH_ACCOUNT, mode: 'header', origin: PUBLIC_ORIGIN };

export async function runRevokeAllStreams(tempDir: string, trials: number, deadline: number): Promise<RevokeAllResult> {
  const env = sessionControlEnv({
    DATABASE_URL: `sqlite:${join(tempDir, 'revoke-all.db')}`,
    REVOCATION_MODE: 'strict',
    PUBLIC_ORIGIN,
  });
  const server = await startTarget({ name: 'revoke-all streams (SQLite)', script: MAIN_SCRIPT, env });
  const url = server.url;
  const samples: number[] = [];
  const sinceSent: number[] = [];
  let allNotified = 0;
  let done = 0;
  try {
    const email = 'bench-revoke-all@example.com';
    await signUp(url, { ...HEADER, email });
    for (let trial = 0; trial < trials && Date.now() < deadline; trial += 1) {
      // One after another: attempts are counted before the password is checked, so a burst of 20 hits the limit.
      const devices = [];
      for (let index = 0; index < REVOKE_ALL_STREAMS; index += 1)
        devices.push(await signIn(url, email, PASSWORD, HEADER));
      const streams: EventStreamConnection[] = [];
      try {
        for (const device of devices) {
          const stream = await openEvents(url, { bearer: device.accessToken });
          streams.push(stream);
          if (stream.status !== 200) throw new Error(`GET /api/events answered ${stream.status}`);
        }
        // Fresh, so that the revoke-all needs no re-authentication.
        const manager = await signIn(url, email, PASSWORD, HEADER);
        const arrivals = streams.map((stream) =>
          stream.next('session-ended', GIVE_UP_MS).then(
            () => performance.now(),
            () => Number.NaN,
          ),
        );
        const sentAt = performance.now();
        const response = await fetch(`${url}/api/sessions?scope=others`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${manager.accessToken}` },
        });
        await response.arrayBuffer();
        const returnedAt = performance.now();
        if (response.status !== 200) throw new Error(`DELETE /api/sessions?scope=others answered ${response.status}`);
        const times = await Promise.all(arrivals);
        done += 1;
        if (times.every(Number.isFinite)) {
          allNotified += 1;
          const last = Math.max(...times);
          samples.push(last - returnedAt);
          sinceSent.push(last - sentAt);
        }
        // The manager session stays; end it too so the user never nears MAX_SESSIONS_PER_USER.
        await fetch(`${url}/api/sessions?scope=all`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${manager.accessToken}` },
        }).then((answer) => answer.arrayBuffer());
      } finally {
        for (const stream of streams) stream.close();
      }
    }
  } finally {
    await server.stop();
  }
  return {
    setup: 'one instance, SQLite',
    streamsPerTrial: REVOKE_ALL_STREAMS,
    trials: done,
    allNotified,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.length === 0 ? Number.NaN : Math.max(...samples),
    sentP50Ms: percentile(sinceSent, 50),
    sentP99Ms: percentile(sinceSent, 99),
    samplesMs: samples,
  };
}
