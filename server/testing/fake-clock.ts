/** The moment every fake clock starts at unless told otherwise: 2026-11-27 10:00 UTC. */
export const FAKE_CLOCK_START = Date.UTC(2026, 10, 27, 10, 0, 0);

/** A clock that moves only when a test moves it: expiry is tested with this, never with sleeps. */
export class FakeClock {
  constructor(public now = FAKE_CLOCK_START) {}

  advance(ms: number): void {
    this.now += ms;
  }

  /** The clock as the session core takes it (`() => epoch milliseconds`). */
  readonly read = (): number => this.now;
}
