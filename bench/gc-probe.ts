/**
 * Preloaded into the memory benchmark's server (`node --expose-gc --import …/gc-probe.js main.js`):
 * on SIGUSR2 it runs a full garbage collection and reports memory on stderr as one JSON line, so
 * the benchmark can tell live memory (heap after GC) from V8's saw-tooth. The server's own code
 * is unchanged.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const sample = { event: 'bench.memory', rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external };
  process.stderr.write(`${JSON.stringify(sample)}\n`);
});
