/**
 * Part `connections` (issue 15, item 2): strict and stateless SQLite, with bare Express beside
 * them, at 10, 50 and 200 autocannon connections — the same interleaved rounds as part 1 at each
 * level, with fresh processes and databases per level. Not in the default part list (about two and
 * a half minutes on a 2-core machine): `BENCH_PARTS=connections npm run bench`.
 */
import { join } from 'node:path';
import type { LoadShape, TargetResult } from './request-path.ts';
import { LOAD, requestPathTargets, runRequestPath } from './request-path.ts';

export const CONNECTION_LEVELS = [10, 50, 200] as const;
export const CONNECTION_SHAPE: Omit<LoadShape, 'connections'> = {
  durationSeconds: LOAD.durationSeconds,
  rounds: Math.min(5, LOAD.rounds),
  warmupSeconds: 2,
};
const KEYS = ['bare', 'strict-sqlite', 'stateless-sqlite'];

export interface ConnectionLevel {
  connections: number;
  targets: TargetResult[];
}

export async function runConnectionSweep(tempDir: string, log: (line: string) => void): Promise<ConnectionLevel[]> {
  const levels: ConnectionLevel[] = [];
  for (const connections of CONNECTION_LEVELS) {
    const specs = requestPathTargets(tempDir, '')
      .filter((spec) => KEYS.includes(spec.key))
      .map((spec) =>
        spec.env.DATABASE_URL === undefined
          ? spec
          : {
              ...spec,
              env: { ...spec.env, DATABASE_URL: `sqlite:${join(tempDir, `c${connections}-${spec.key}.db`)}` },
            },
      );
    levels.push({
      connections,
      targets: await runRequestPath(specs, log, undefined, { ...CONNECTION_SHAPE, connections }),
    });
  }
  return levels;
}
