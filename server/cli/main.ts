/**
 * Entry point of `npm run sessionctl -- <command>`. Bad usage prints one line and exits 2.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { createSessionContext } from '../session/context.ts';
import { openEventTransport, openStore } from '../storage/open-store.ts';
import { COMMANDS, UsageError } from './sessionctl.ts';
import type { CommandSpec } from './sessionctl.ts';

function overview(): string {
  return [
    'Usage: sessionctl <command> [options]   (DATABASE_URL selects the store, as for the server)',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(52)} ${command.summary}`),
    '',
    'Run "sessionctl <command> --help" for a command\'s options.',
  ].join('\n');
}

function commandHelp(command: CommandSpec): string {
  const options = Object.entries(command.options).map(
    ([name, option]) => `  --${name.padEnd(18)} ${option.description}`,
  );
  return [
    `Usage: sessionctl ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...options,
    '  --database URL      the store (default: DATABASE_URL)',
    '  --help              this help',
  ].join('\n');
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`Unknown command "${name}". Run "sessionctl --help" for the list.`);
  const config: ParseArgsConfig = {
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { ...command.options, database: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${reason} (see "sessionctl ${command.name} --help")`);
  }
  const options = parsed.values as Record<string, string | boolean | undefined>;
  if (options.help) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  if (parsed.positionals.length !== command.positionals.length) {
    throw new UsageError(`Usage: sessionctl ${command.usage}`);
  }
  const env = { ...process.env, ...(typeof options.database === 'string' ? { DATABASE_URL: options.database } : {}) };
  const appConfig = loadConfig(env);
  const store = await openStore(appConfig.databaseUrl, { ...appConfig, postgresSessionCache: 'off' });
  // On PostgreSQL the servers' event streams hear what sessionctl ends (it only publishes), and
  // their caches are invalidated before a command returns; serving nothing, it holds no lease.
  const events = openEventTransport(appConfig.databaseUrl);
  try {
    // Operator actions are logged as JSON lines on stderr; results go to stdout.
    const log = createLogger({ write: (line) => process.stderr.write(`${line}\n`) });
    const ctx = await createSessionContext({ store, config: appConfig, log, events });
    const output = await command.run(ctx, parsed.positionals, options, readStdin);
    process.stdout.write(`${output}\n`);
    return 0;
  } finally {
    await events.close();
    await store.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`sessionctl: ${error.message}\n`);
      process.exit(2);
    }
    // Not found, or the store failed: one line, exit status 1 (2 is for bad usage).
    process.stderr.write(`sessionctl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
