/**
 * The server as server/main.ts wires it (same config, store, app and sweeper), plus an IPC
 * channel through which the benchmark asks for one sweep of expired sessions and learns how long
 * it took. The sweep runs on the server's own event loop, as it does in production.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../server/config.ts';
import { createApp } from '../server/http/app.ts';
import { createLogger } from '../server/log.ts';
import { createSessionContext } from '../server/session/context.ts';
import { startSweeper } from '../server/session/sweeper.ts';
import { openStore } from '../server/storage/open-store.ts';

export type SweepRequest = { type: 'sweep'; batchSize: number } | { type: 'stop' };

export interface SweepReply {
  type: 'swept';
  count: number;
  milliseconds: number;
  batchSize: number;
  error?: string;
}

const config = loadConfig();
const log = createLogger();
const store = await openStore(config.databaseUrl);
const ctx = await createSessionContext({ store, config, log });
const app = createApp(ctx);
const server = app.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  log.info('server.listening', { url: `http://127.0.0.1:${port}`, store: store.kind });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let current: ReturnType<typeof startSweeper> | null = null;

process.on('message', (message: SweepRequest) => {
  if (message.type === 'stop') {
    // Ends the pass after the batch in progress (the sweeper checks between batches).
    current?.stop();
    return;
  }
  // One sweep pass exactly as the background sweeper runs it (bounded batches, yielding between them).
  const sweeper = startSweeper(ctx, { intervalMs: 2_147_483_647, batchSize: message.batchSize });
  current = sweeper;
  const start = performance.now();
  sweeper
    .sweepOnce()
    .then((count) =>
      process.send?.({
        type: 'swept',
        count,
        milliseconds: performance.now() - start,
        batchSize: message.batchSize,
      } satisfies SweepReply),
    )
    .catch((error: unknown) =>
      process.send?.({
        type: 'swept',
        count: 0,
        milliseconds: performance.now() - start,
        batchSize: message.batchSize,
        error: String(error),
      } satisfies SweepReply),
    )
    .finally(() => sweeper.stop());
});

process.on('SIGTERM', () => {
  server.close(() => {
    void store.close().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5_000).unref();
});
