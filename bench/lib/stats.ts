/** Small statistics helpers for benchmark samples. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Formats a number with a fixed count of decimals, or "n/a". */
export function fixed(value: number, decimals = 0): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : 'n/a';
}

/** Times `count` sequential calls of `operation`; returns each call's latency in milliseconds. */
export async function timeSequential(count: number, operation: (index: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = process.hrtime.bigint();
    await operation(index);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

export interface LatencySummary {
  count: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Ops/s of one sequential caller (1000 / mean latency) with p50 and p99. */
export function summarise(samplesMs: readonly number[]): LatencySummary {
  return {
    count: samplesMs.length,
    opsPerSecond: 1000 / mean(samplesMs),
    p50Ms: percentile(samplesMs, 50),
    p99Ms: percentile(samplesMs, 99),
  };
}
