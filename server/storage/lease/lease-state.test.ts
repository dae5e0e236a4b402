import { describe, expect, it } from 'vitest';
import { LeaseState } from './lease-state.ts';

/** Two clocks a test moves by hand: the monotonic one and the wall clock. */
function fakeClocks() {
  const clock = { monotonic: 0, wall: 1_000_000 };
  return {
    clock,
    leaseClock: { monotonicMs: () => clock.monotonic, wallMs: () => clock.wall },
    advance(ms: number) {
      clock.monotonic += ms;
      clock.wall += ms;
    },
  };
}

const TIMING = { termMs: 3_000, marginMs: 300, heartbeatTimeoutMs: 3_000 };

function servingLease() {
  const clocks = fakeClocks();
  const lease = new LeaseState(TIMING, clocks.leaseClock);
  lease.setListening(true);
  lease.heard();
  lease.renewed(lease.stamp());
  return { lease, ...clocks };
}

describe('an instance’s lease (issue 15)', () => {
  it('serves only with a lease and a listener that hears its heartbeat', () => {
    const clocks = fakeClocks();
    const lease = new LeaseState(TIMING, clocks.leaseClock);
    expect(lease.serving).toBe(false);
    lease.renewed(lease.stamp());
    expect(lease.serving).toBe(false);
    lease.setListening(true);
    expect(lease.serving).toBe(false);
    lease.heard();
    expect(lease.serving).toBe(true);
  });

  it('stops serving at the term minus the drift margin, counted from when the renewal was sent', () => {
    const { lease, advance } = servingLease();
    const sent = lease.stamp();
    advance(1_000); // the renewal took a second to come back
    lease.renewed(sent);
    lease.heard();
    advance(1_699);
    expect(lease.serving).toBe(true);
    advance(1);
    expect(lease.serving).toBe(false);
  });

  it('is not stretched by a wall clock stepped back, nor by a monotonic clock that stood still', () => {
    const stepped = servingLease();
    stepped.clock.wall -= 60_000;
    stepped.clock.monotonic += 2_700;
    expect(stepped.lease.leaseHeld).toBe(false);

    const suspended = servingLease();
    suspended.clock.wall += 2_700; // the host slept: its monotonic clock did not move
    expect(suspended.lease.leaseHeld).toBe(false);
  });

  it('moves the epoch and asks for an empty cache when a renewal comes back after the lease lapsed', () => {
    const { lease, advance } = servingLease();
    const epoch = lease.epoch;
    advance(1_000);
    expect(lease.renewed(lease.stamp())).toBe(false);
    expect(lease.epoch).toBe(epoch);
    advance(2_800); // paused longer than the lease (SIGSTOP)
    expect(lease.serving).toBe(false);
    expect(lease.renewed(lease.stamp())).toBe(true);
    expect(lease.epoch).toBe(epoch + 1);
  });

  it('stops serving at once when fenced or when the listener is lost, and when the heartbeat is late', () => {
    const fenced = servingLease();
    fenced.lease.lapse();
    expect(fenced.lease.serving).toBe(false);

    const deaf = servingLease();
    const epoch = deaf.lease.epoch;
    deaf.lease.setListening(false);
    expect(deaf.lease.serving).toBe(false);
    expect(deaf.lease.epoch).toBeGreaterThan(epoch);

    const late = servingLease();
    late.advance(1_000);
    late.lease.renewed(late.lease.stamp());
    late.advance(2_000); // lease still held, but no heartbeat for 3 s
    expect(late.lease.leaseHeld).toBe(true);
    expect(late.lease.serving).toBe(false);
    late.lease.heard();
    expect(late.lease.serving).toBe(true);
  });
});
