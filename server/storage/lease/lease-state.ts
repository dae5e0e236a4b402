/**
 * One instance's view of its own lease (docs/revocation.md). The instance may answer "is this
 * session live?" from memory only while this says `serving`: its lease, as it measures it, has
 * not run out and its LISTEN connection is healthy. Every change that could make a cached entry
 * wrong (an invalidation, a lapse, a regained lease, a lost or regained listener) moves the
 * epoch, and a cache fill that saw the epoch move while it read the database is thrown away.
 *
 * Time: a renewal counts from the moment it was SENT (the database stamps its expiry later, so
 * never earlier than that), and the lease is held for `termMs - marginMs` of elapsed time as the
 * larger of the monotonic and the wall clock say (a wall clock stepped back cannot stretch it, a
 * suspended host whose monotonic clock stood still cannot either). The margin covers the rate
 * difference between this host's clocks and the database's.
 */

/** The clocks a lease is measured with; tests pass fake ones. */
export interface LeaseClock {
  monotonicMs(): number;
  wallMs(): number;
}

export const systemLeaseClock: LeaseClock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
};

/** When a renewal was sent, on both clocks. */
export interface LeaseStamp {
  readonly monotonic: number;
  readonly wall: number;
}

export interface LeaseTiming {
  /** How long the database keeps a renewed lease (expires_at = its now + termMs). */
  termMs: number;
  /** Held back from the term for clock drift: the instance stops serving this much earlier. */
  marginMs: number;
  /** The LISTEN connection counts as healthy while its own heartbeat came back this recently. */
  heartbeatTimeoutMs: number;
}

/** The default margin: 10% of the term, at least 100 ms (NTP keeps rate errors far below 0.1%). */
export function defaultMarginMs(termMs: number): number {
  return Math.max(100, Math.ceil(termMs / 10));
}

export class LeaseState {
  private heldFrom: LeaseStamp | null = null;
  private heardAt: number | null = null;
  private listening = false;
  /** Moves on every event after which an entry read from the database earlier may be wrong. */
  epoch = 0;

  constructor(
    private readonly timing: LeaseTiming,
    private readonly clock: LeaseClock = systemLeaseClock,
  ) {}

  /** Call right before sending a renewal; pass the stamp to `renewed` when it succeeded. */
  stamp(): LeaseStamp {
    return { monotonic: this.clock.monotonicMs(), wall: this.clock.wallMs() };
  }

  private elapsedSince(from: LeaseStamp): number {
    return Math.max(this.clock.monotonicMs() - from.monotonic, this.clock.wallMs() - from.wall);
  }

  /** The lease, as this instance measures it, has not run out. */
  get leaseHeld(): boolean {
    return this.heldFrom !== null && this.elapsedSince(this.heldFrom) < this.timing.termMs - this.timing.marginMs;
  }

  /** The listener is connected and its last heartbeat came back in time. */
  get listenerHealthy(): boolean {
    return (
      this.listening &&
      this.heardAt !== null &&
      this.clock.monotonicMs() - this.heardAt < this.timing.heartbeatTimeoutMs
    );
  }

  /** May entries be served from memory right now? */
  get serving(): boolean {
    return this.leaseHeld && this.listenerHealthy;
  }

  /**
   * A renewal sent at `stamp` succeeded. Returns true when the lease had lapsed before it came
   * back: the epoch moved and the caller must empty its cache (invalidations may have been
   * missed, and no revoker waited for this instance).
   */
  renewed(stamp: LeaseStamp): boolean {
    const gap = !this.leaseHeld;
    if (gap) this.epoch += 1;
    if (this.heldFrom === null || stamp.monotonic >= this.heldFrom.monotonic) this.heldFrom = stamp;
    return gap;
  }

  /** The lease is gone (fenced by a revoker, or given up): stop serving at once. */
  lapse(): void {
    this.heldFrom = null;
    this.epoch += 1;
  }

  /** The LISTEN connection is up (LISTEN done) or lost; either way invalidations may be missed. */
  setListening(listening: boolean): void {
    this.listening = listening;
    if (!listening) this.heardAt = null;
    this.epoch += 1;
  }

  /** Our own heartbeat (or any message we sent) came back over the LISTEN connection. */
  heard(): void {
    this.heardAt = this.clock.monotonicMs();
  }

  /** An invalidation arrived (or was applied locally). */
  invalidated(): void {
    this.epoch += 1;
  }
}
