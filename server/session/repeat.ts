/** Runs `work` every `intervalMs` after the previous run ended (never overlapping); failures go to `onError`. */
export function repeatEvery(
  intervalMs: number,
  work: () => Promise<unknown>,
  onError: (error: unknown) => void,
): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      work().catch(onError).finally(schedule);
    }, intervalMs);
    // Never what keeps the process alive.
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
