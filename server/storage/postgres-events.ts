/**
 * The event bus across instances: PostgreSQL LISTEN/NOTIFY on the database the store uses.
 * One dedicated connection listens; if it drops (database restart, pg_terminate_backend) it is
 * reconnected with backoff and LISTENs again, and the bus is told that messages may have been
 * missed (it then closes its streams, so that clients reconnect and reload their list).
 * Messages are sent with pg_notify from a small pool of their own. The channel is named after
 * the schema, so instances on one schema hear each other and no one else.
 */
import pg from 'pg';
import type { EventTransport } from '../session/event-transport.ts';
import { connectionOf } from './postgres.ts';

export interface PostgresEventOptions {
  /** Schema of the store (also read from `?schema=`, or the connection's search_path). */
  schema?: string;
  /** First and longest pause between reconnection attempts. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

const CHANNEL_PREFIX = 'session_events_';
/** PostgreSQL cuts identifiers at 63 bytes; both ends cut the channel the same way. */
const CHANNEL_SQL = `left('${CHANNEL_PREFIX}' || current_schema(), 63)`;

export class PostgresEventTransport implements EventTransport {
  readonly kind = 'postgres';
  private readonly connection: pg.ClientConfig;
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private attempts = 0;
  private deliver: (payload: string) => void = () => undefined;
  private missed: () => void = () => undefined;
  /** The channel this connection listens on, once known. */
  channel: string | null = null;

  constructor(
    url: string,
    private readonly options: PostgresEventOptions = {},
  ) {
    const fromUrl = connectionOf(url, options.schema);
    const { schema } = fromUrl;
    this.connection = {
      connectionString: fromUrl.url,
      connectionTimeoutMillis: 3_000,
      keepAlive: true,
      application_name: 'session-control-events',
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    };
    this.pool = new pg.Pool({ ...this.connection, max: 2, idleTimeoutMillis: 30_000, query_timeout: 5_000 });
    this.pool.on('error', () => {});
    this.retryMs = options.retryMinMs ?? 100;
  }

  async start(deliver: (payload: string) => void, missed: () => void): Promise<void> {
    this.deliver = deliver;
    this.missed = missed;
    await this.connect();
  }

  async send(payload: string): Promise<void> {
    await this.pool.query(`SELECT pg_notify(${CHANNEL_SQL}, $1)`, [payload]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = null;
    await Promise.all([listener?.end().catch(() => {}), this.pool.end().catch(() => {})]);
  }

  /** Connects and LISTENs; on failure, tries again later (the first failure is also thrown). */
  private async connect(): Promise<void> {
    if (this.closed) return;
    this.attempts += 1;
    const first = this.attempts === 1;
    const client = new pg.Client(this.connection);
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.deliver(message.payload);
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ channel: string }>(`SELECT ${CHANNEL_SQL} AS channel`);
      const channel = rows[0]?.channel;
      if (channel === undefined || channel === null) throw new Error('The events schema does not exist');
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      if (this.closed || lost) {
        await client.end().catch(() => {});
        return;
      }
      this.channel = channel;
      this.listener = client;
      this.retryMs = this.options.retryMinMs ?? 100;
      // Whatever was published while nobody listened here is lost: the bus resets its streams.
      if (!first) this.missed();
    } catch (error) {
      onLost();
      if (first) throw error;
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer !== null) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMaxMs ?? 5_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect().catch(() => {});
    }, wait);
    this.retryTimer.unref();
  }

  /** The listening connection's backend pid (tests terminate it). */
  async listenerPid(): Promise<number | null> {
    const listener = this.listener;
    if (listener === null) return null;
    const { rows } = await listener.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]?.pid ?? null;
  }
}
