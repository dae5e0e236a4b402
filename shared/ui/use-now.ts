/** The time now, read again every `intervalMs` while mounted, so that "2 minutes ago" keeps true. */
import { useEffect, useState } from 'preact/hooks';

/** How often relative times are brought up to date while a page or popup is open. */
export const TICK_MS = 15_000;

export function useNow(now: () => number = Date.now, intervalMs: number = TICK_MS): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now();
}
