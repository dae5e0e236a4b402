/**
 * Starts Session Control: reads the configuration, opens the store, listens.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { errorBody } from './errors.ts';
import { createApp } from './http/app.ts';
import { answerClientErrors } from './http/client-errors.ts';
import { createLogger } from './log.ts';
import { createSessionContext } from './session/context.ts';
import { startEventReconciler } from './session/event-reconciler.ts';
import { startSweeper } from './session/sweeper.ts';
import { openEventTransport, openStore } from './storage/open-store.ts';
import { startupLine } from './startup-line.ts';
import { errorLocale, localiseMessage } from './http/error-language.ts';

/** Answers requests that arrive while the store is still opening. */
function startingUp(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Retry-After': '1',
    'Cache-Control': 'no-store',
    Vary: 'Accept-Language',
  });
  const locale = errorLocale(req.headers['accept-language']);
  const message = localiseMessage('Session Control is starting. Try again in a moment.', locale);
  res.end(JSON.stringify(errorBody('SERVICE_UNAVAILABLE', message)));
}

async function main(): Promise<void> {
  const log = createLogger();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Listen first: with PORT=0 the real port is only known now, and the server's own origins
  // (for the CSRF rule and the token issuer) must name it.
  const server = createServer(startingUp);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (port !== config.port) config = loadConfig({ ...process.env, PORT: String(port) });
  const store = await openStore(config.databaseUrl, config);
  const ctx = await createSessionContext({ store, config, log, events: openEventTransport(config.databaseUrl) });
  // Listen for events before serving, so that the first streams already hear other instances.
  await ctx.events.start();
  server.off('request', startingUp);
  server.on('request', createApp(ctx));
  if (store.kind === 'postgres' && !process.env.PUBLIC_ORIGIN) {
    // Several instances must agree on the token issuer and the allowed origins.
    log.warn('config.public_origin_unset', {
      message: 'Set PUBLIC_ORIGIN to the address behind the load balancer, the same on every instance.',
    });
  }
  const sweeper = startSweeper(ctx);
  const reconciler = startEventReconciler(ctx);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  log.info('server.listening', { url, store: store.kind, revocationMode: config.revocationMode });
  process.stderr.write(`${startupLine(url)}\n`);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  answerClientErrors(server, { hsts: config.secureCookies });

  const shutdown = (signal: string): void => {
    log.info('server.stopping', { signal });
    sweeper.stop();
    reconciler.stop();
    server.close(() => {
      void store.close().finally(() => process.exit(0));
    });
    // Open event streams would hold server.close() open: end them (clients reconnect elsewhere).
    void ctx.events.close();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Session Control could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
