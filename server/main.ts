/**
 * Starts Session Control: reads the configuration, opens the store, listens.
 */
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { createLogger } from './log.ts';
import { createSessionContext } from './session/context.ts';
import { startSweeper } from './session/sweeper.ts';
import { openStore } from './storage/open-store.ts';

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const store = await openStore(config.databaseUrl);
  const ctx = await createSessionContext({ store, config, log });
  const app = createApp(ctx);
  const sweeper = startSweeper(ctx);
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    log.info('server.listening', { url: `http://${host}:${port}`, store: store.kind, revocationMode: config.revocationMode });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  const shutdown = (signal: string): void => {
    log.info('server.stopping', { signal });
    sweeper.stop();
    server.close(() => {
      void store.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Session Control could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
