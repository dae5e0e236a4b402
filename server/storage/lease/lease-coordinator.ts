/**
 * The lease protocol on PostgreSQL (docs/revocation.md). Each instance holds a lease, a row in
 * `instance_leases` renewed over a connection of its own, and listens on the schema's lease
 * channel. A change that could make another instance's cached session wrong is first committed,
 * then announced (NOTIFY), and the call returns only once every instance whose lease was live
 * after the commit has acknowledged, or has been fenced (its lease can no longer be renewed) and
 * its lease has run out by the database's clock. An instance serves from its cache only while
 * its own measurement of its lease says it is held and its listener hears its own heartbeat.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { toStoreError } from '../postgres-errors.ts';
import { AckBook } from './ack-book.ts';
import { invalidationPayload, parseLeaseMessage, targetOf } from './lease-messages.ts';
import { LeaseState, defaultMarginMs } from './lease-state.ts';
import type { LeaseClock } from './lease-state.ts';
import type { InvalidationTarget, LeasedSessionCache } from './leased-session-cache.ts';

export interface LeaseOptions {
  /** Lease term in ms (default 3000); renewed every third of it. */
  termMs?: number;
  /** How long a revoker waits for acknowledgements before it fences the silent (default 250). */
  ackTimeoutMs?: number;
  clock?: LeaseClock;
}

const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
const CHANNEL_SQL = "left('session_leases_' || current_schema(), 63)";
const RENEW = `INSERT INTO instance_leases (instance_id, expires_at, fenced) VALUES ($1, ${NOW_MS} + $2, false)
  ON CONFLICT (instance_id) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE NOT instance_leases.fenced
  RETURNING instance_id`;
const UNFENCE = `UPDATE instance_leases SET fenced = false, expires_at = ${NOW_MS} + $2 WHERE instance_id = $1`;
const LIVE_OTHERS = `SELECT instance_id FROM instance_leases WHERE expires_at > ${NOW_MS} AND instance_id <> $1`;
const FENCE = `UPDATE instance_leases SET fenced = true WHERE instance_id = ANY($1::text[]) AND expires_at > ${NOW_MS}
  RETURNING instance_id, expires_at - ${NOW_MS} AS remaining_ms`;
const STILL_FENCED = `SELECT instance_id, expires_at - ${NOW_MS} AS remaining_ms FROM instance_leases
  WHERE instance_id = ANY($1::text[]) AND fenced AND expires_at > ${NOW_MS}`;
const FORGET_OLD = `DELETE FROM instance_leases WHERE expires_at < ${NOW_MS} - 60000`;

export class LeaseCoordinator {
  readonly instanceId = randomUUID();
  readonly state: LeaseState;
  private readonly termMs: number;
  private readonly ackTimeoutMs: number;
  private readonly book = new AckBook();
  private readonly pool: pg.Pool;
  private readonly leasePool: pg.Pool;
  private listener: pg.Client | null = null;
  private channel = '';
  private cache: LeasedSessionCache | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private renewals = 0;
  private closed = false;

  constructor(
    private readonly connection: pg.ClientConfig,
    options: LeaseOptions = {},
  ) {
    this.termMs = options.termMs ?? 3_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 250;
    this.state = new LeaseState(
      { termMs: this.termMs, marginMs: defaultMarginMs(this.termMs), heartbeatTimeoutMs: this.termMs },
      options.clock,
    );
    this.pool = new pg.Pool({ ...connection, max: 3, idleTimeoutMillis: 30_000, query_timeout: 5_000 });
    this.leasePool = new pg.Pool({ ...connection, max: 1, idleTimeoutMillis: 30_000, query_timeout: this.termMs });
    this.pool.on('error', () => {});
    this.leasePool.on('error', () => {});
  }

  /** Listens; with a cache, also takes the lease and keeps renewing it. */
  async start(cache: LeasedSessionCache | null): Promise<void> {
    this.cache = cache;
    const { rows } = await this.pool.query<{ channel: string }>(`SELECT ${CHANNEL_SQL} AS channel`);
    this.channel = rows[0]?.channel ?? '';
    await this.listen(true);
    if (cache !== null) await this.renewLoop();
  }

  /**
   * Announces a committed change and, with `wait`, resolves once no other instance can still
   * serve the old state from its cache (see the file comment).
   */
  async invalidate(target: InvalidationTarget, wait = true): Promise<void> {
    this.cache?.invalidate(target);
    const id = randomUUID();
    const payload = invalidationPayload(id, this.instanceId, target);
    if (!wait) {
      this.pool.query('SELECT pg_notify($1, $2)', [this.channel, payload]).catch(() => {});
      return;
    }
    this.book.open(id);
    try {
      // Both after the commit, in parallel: an answer that comes before the list is still counted.
      const [, live] = await Promise.all([
        this.pool.query('SELECT pg_notify($1, $2)', [this.channel, payload]),
        this.pool.query<{ instance_id: string }>(LIVE_OTHERS, [this.instanceId]),
      ]);
      this.book.expect(
        id,
        live.rows.map((row) => row.instance_id),
      );
      if (await this.book.wait(id, this.ackTimeoutMs)) return;
      await this.outwait(id);
    } catch (error) {
      throw toStoreError(error);
    } finally {
      this.book.close(id);
    }
  }

  /** Fences those that did not answer and waits, by the database's clock, for their leases to end. */
  private async outwait(id: string): Promise<void> {
    let { rows } = await this.pool.query<{ instance_id: string; remaining_ms: string }>(FENCE, [this.book.missing(id)]);
    while (rows.length > 0) {
      const remaining = Math.max(...rows.map((row) => Number(row.remaining_ms)));
      if (await this.book.wait(id, remaining + 5)) return;
      ({ rows } = await this.pool.query(STILL_FENCED, [this.book.missing(id)]));
    }
  }

  private async renewLoop(): Promise<void> {
    if (this.closed) return;
    await this.renew();
    if (this.closed) return;
    this.renewTimer = setTimeout(() => void this.renewLoop(), Math.floor(this.termMs / 3));
    this.renewTimer.unref();
  }

  private async renew(): Promise<void> {
    const stamp = this.state.stamp();
    try {
      const { rows } = await this.leasePool.query(RENEW, [this.instanceId, this.termMs]);
      if (rows.length > 0) {
        this.renewed(stamp);
      } else {
        // A revoker fenced us: it waits for our lease to end. Stop serving, forget, start over.
        this.state.lapse();
        this.cache?.clear();
        const again = this.state.stamp();
        await this.leasePool.query(UNFENCE, [this.instanceId, this.termMs]);
        this.renewed(again);
      }
      await this.leasePool.query('SELECT pg_notify($1, $2)', [
        this.channel,
        JSON.stringify({ t: 'hb', from: this.instanceId }),
      ]);
      this.renewals += 1;
      if (this.renewals % 30 === 0) await this.leasePool.query(FORGET_OLD);
    } catch {
      // The lease runs out on its own; the next renewal tries again.
    }
  }

  private renewed(stamp: ReturnType<LeaseState['stamp']>): void {
    if (this.state.renewed(stamp)) this.cache?.clear();
  }

  private onMessage(payload: string): void {
    const message = parseLeaseMessage(payload);
    if (message === null) return;
    if (message.from === this.instanceId) {
      if (message.t !== 'ack') this.state.heard();
      return;
    }
    if (message.t === 'ack') {
      this.book.acknowledge(message.id, message.from);
    } else if (message.t === 'inv' && this.cache !== null) {
      // Without a cache (sessionctl, POSTGRES_SESSION_CACHE=off) there is no lease to answer for.
      this.cache.invalidate(targetOf(message));
      const ack = JSON.stringify({ t: 'ack', id: message.id, from: this.instanceId });
      this.pool.query('SELECT pg_notify($1, $2)', [this.channel, ack]).catch(() => {});
    }
  }

  private async listen(first = false): Promise<void> {
    if (this.closed) return;
    // Named with the process id, so that an operator (or a test) can tell whose listener it is.
    const client = new pg.Client({ ...this.connection, application_name: `session-control-leases/${process.pid}` });
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      if (this.listener === client) {
        this.listener = null;
        this.state.setListening(false);
        this.cache?.clear();
      }
      client.end().catch(() => {});
      this.scheduleListen();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.onMessage(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
      if (this.closed || lost) {
        await client.end().catch(() => {});
        return;
      }
      this.listener = client;
      // Whatever was announced while nobody listened here is unknown: start from an empty cache.
      this.cache?.clear();
      this.state.setListening(true);
    } catch (error) {
      onLost();
      if (first) throw toStoreError(error);
    }
  }

  private scheduleListen(): void {
    if (this.closed || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.listen().catch(() => {});
    }, 100);
    this.retryTimer.unref();
  }

  /** The listening connection's backend pid (tests terminate it). */
  async listenerPid(): Promise<number | null> {
    const { rows } = (await this.listener?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) ?? { rows: [] };
    return rows[0]?.pid ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.renewTimer !== null) clearTimeout(this.renewTimer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.state.lapse();
    // Our row, if we ever wrote one, would make revokers wait for it until it runs out.
    if (this.cache !== null)
      await this.leasePool
        .query('DELETE FROM instance_leases WHERE instance_id = $1', [this.instanceId])
        .catch(() => {});
    const listener = this.listener;
    this.listener = null;
    await Promise.all([listener?.end().catch(() => {}), this.pool.end(), this.leasePool.end()]);
  }
}
