/**
 * Structured logs: one JSON line per event. Nothing that looks like a token, a password or a
 * cookie ever reaches the output: fields with secret names are dropped and token-shaped strings
 * are masked, so a careless call site cannot leak one.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const SECRET_FIELD = /token|password|secret|authorization|cookie|jwk|hash/i;
// A JWT (three base64url parts starting with a JSON header) or one of our refresh tokens.
const TOKEN_SHAPE = /eyJ[\w-]*\.[\w-]*\.[\w-]*|scrt_[\w-]+/g;

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_SHAPE, '[redacted]');
  if (value instanceof Error)
    return { name: value.name, message: scrub(value.message), stack: scrub(value.stack ?? '') };
  if (Array.isArray(value)) return depth > 4 ? '[…]' : value.map((item) => scrub(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    if (depth > 4) return '[…]';
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_FIELD.test(key) ? '[redacted]' : scrub(item, depth + 1);
    }
    return out;
  }
  return value;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  options: { level?: LogLevel; write?: (line: string) => void; now?: () => number } = {},
): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel, event: string, fields: LogFields = {}): void => {
    if (LEVELS[level] < threshold) return;
    const body = scrub(fields) as LogFields;
    write(JSON.stringify({ time: new Date(now()).toISOString(), level, event, ...body }));
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ write: () => {} });
