import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago on 127.0.0.1 (good enough on one machine): for a server
 * that must know its port before it starts (its own origin, or coming back there after a restart).
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('could not pick a free port');
  return address.port;
}
