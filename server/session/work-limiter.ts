/**
 * Bounds how many password hashes run at once. scrypt is deliberately expensive; without a
 * bound, a flood of sign-ins would queue unbounded work on the thread pool and starve everyone.
 * Beyond the queue's length, callers are told to come back shortly instead of waiting forever.
 */
import type { Result } from './failures.ts';
import { fail, succeed } from './failures.ts';

export class WorkLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueue: number,
  ) {}

  /** Runs `work` when a slot is free; a `rate-limited` failure (retry in 1 s) when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<Result<T>> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueue) return fail('rate-limited', 1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return succeed(await work());
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running -= 1;
      else next();
    }
  }
}
