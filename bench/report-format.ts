/** The shapes of the benchmark results and the small formatting helpers their sections share. */
import type { BundleRow } from './clients.ts';
import type { ConnectionLevel } from './connections.ts';
import type { EventsResult } from './events.ts';
import type { PopupTiming } from './popup-timing.ts';
import type { MemoryResult } from './memory.ts';
import type { PageSignOutResult } from './page-signout.ts';
import type { RevokeAllResult } from './revoke-all-streams.ts';
import type { LeaseBenchResult } from './lease.ts';
import type { LocationBenchResult } from './location-lookup.ts';
import type { StreamMemoryResult } from './stream-memory.ts';
import type { ProfileSummary } from './profile.ts';
import type { PropagationResult } from './propagation.ts';
import type { TargetResult } from './request-path.ts';
import type { ScaleLevel } from './scale.ts';
import type { SweepResult } from './sweep.ts';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  versions: Record<string, string>;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  runSeconds: number;
}

export interface Failure<T> {
  error: string;
  partial?: T;
}

export interface Results {
  machine: MachineInfo;
  load: { connections: number; durationSeconds: number; rounds: number; warmupSeconds: number; pinned?: boolean };
  requestPath?: TargetResult[] | Failure<never>;
  connections?: ConnectionLevel[] | Failure<never>;
  profiles: (ProfileSummary | (Failure<never> & { target: string }))[];
  scale: (ScaleLevel[] | Failure<never>)[];
  sweeps: (SweepResult | (Failure<never> & { engine: string }))[];
  propagation: (PropagationResult | (Failure<never> & { mode: string }))[];
  events: (EventsResult | (Failure<never> & { setup: string }))[];
  pageSignOut: (PageSignOutResult | (Failure<never> & { setup: string }))[];
  memory?: MemoryResult | Failure<never>;
  streams?: StreamMemoryResult | Failure<never>;
  revokeAll?: RevokeAllResult | Failure<never>;
  lease?: LeaseBenchResult | Failure<never>;
  location?: LocationBenchResult | Failure<never>;
  clients?: BundleRow[] | Failure<never>;
  popup?: PopupTiming | Failure<never>;
  popupFirefox?: PopupTiming | Failure<never>;
  skipped: string[];
}

export function isFailure(value: unknown): value is Failure<never> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    !('trials' in value) &&
    !('swept' in value) &&
    !('idleMiB' in value) &&
    !('opened' in value)
  );
}

export const ms = (value: number): string =>
  Number.isFinite(value) ? (value >= 10 ? value.toFixed(0) : value.toFixed(2)) : 'n/a';
export const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 300);
