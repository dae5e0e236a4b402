/**
 * Server processes for the cluster tests: the built server on a fixed port each (so that a
 * restarted instance comes back where nginx expects it), all pointing at one schema.
 */
import { createServerProcess } from '../../server/testing/server-process.ts';
import type { ServerProcess } from '../../server/testing/server-process.ts';

/** The origin people would use in front of the cluster (the load balancer's). */
export const CLUSTER_ORIGIN = 'http://sessions.localhost:8080';

export type Instance = ServerProcess;

export interface InstanceOptions {
  name: string;
  env: Record<string, string>;
}

/** Creates (but does not start) an instance on a free port. */
export function createInstance(options: InstanceOptions): Promise<Instance> {
  return createServerProcess({
    name: options.name,
    env: {
      REVOCATION_MODE: 'strict',
      // Shared by every instance of a deployment: it is the access tokens' issuer.
      PUBLIC_ORIGIN: CLUSTER_ORIGIN,
      ...options.env,
    },
  });
}

/** Starts `count` instances sharing `env` (one database schema). */
export async function startInstances(count: number, env: Record<string, string>): Promise<Instance[]> {
  const instances = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      createInstance({ name: `instance-${String.fromCharCode(65 + index)}`, env }),
    ),
  );
  // All at once, as a deployment would: every instance migrates the same fresh schema at start.
  await Promise.all(instances.map((instance) => instance.start()));
  return instances;
}

/** The first log line (with its instance) that contains one of `secrets`, or null. */
export function logsContainAny(instances: readonly Instance[], secrets: readonly string[]): string | null {
  for (const instance of instances) {
    for (const line of instance.logs) {
      for (const secret of secrets) if (line.includes(secret)) return `${instance.name}: ${line}`;
    }
  }
  return null;
}
