/**
 * Bounds how many password hashes run at once. scrypt is deliberately expensive; without a
 * bound, a flood of sign-ins would queue unbounded work on the thread pool and starve everyone.
 * Beyond the queue's length, callers are told to come back shortly instead of waiting forever.
 */
import { rateLimited } from './rate-limits.ts';

export class WorkLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueue) throw rateLimited(1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running -= 1;
      else next();
    }
  }
}
