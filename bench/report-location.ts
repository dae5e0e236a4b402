/** Report section: the offline country lookup behind `location` (issue 12, item 4). */
import { fixed, median } from './lib/stats.ts';
import type { Results } from './report-format.ts';
import { escapeCell, isFailure } from './report-format.ts';

/** The issue's goal for one lookup. */
export const LOOKUP_GOAL_MICROS = 5;

export function locationSection(results: Results): string[] {
  const { location } = results;
  if (location === undefined) return [];
  const lines = ['### Places: one offline country lookup (issue 12)', ''];
  if (isFailure(location)) return [...lines, `Error: ${escapeCell(location.error)}`, ''];
  const micros = location.runs.map((run) => run.microsecondsPerLookup);
  const [first] = location.runs;
  if (first === undefined) return [];
  const typical = median(micros);
  return [
    ...lines,
    'bench/location-lookup.ts: `maxmind` reading the shipped country mmdb ' +
      `(@ip-location-db/geo-whois-asn-country-mmdb, built ${first.dataBuiltAt.slice(0, 10)}), ` +
      `${first.lookups.toLocaleString('en')} lookups of public IPv4 and IPv6 addresses per run, ` +
      `${micros.length} runs in the bench process. Goal: ≤ ${LOOKUP_GOAL_MICROS} µs per lookup, data loaded once.`,
    '',
    '| µs per lookup, median (min – max) | lookups / s (median run) | data file | memory when loaded | load time |',
    '|---:|---:|---:|---:|---:|',
    `| ${typical.toFixed(2)}${typical <= LOOKUP_GOAL_MICROS ? ' ✅' : ' ❌'} ` +
      `(${Math.min(...micros).toFixed(2)} – ${Math.max(...micros).toFixed(2)}) | ` +
      `${fixed(1e6 / typical)} | ${(first.dataFileBytes / 2 ** 20).toFixed(1)} MiB | ` +
      `${first.loadedMemoryBytes === null ? '—' : `${(first.loadedMemoryBytes / 2 ** 20).toFixed(1)} MiB`} | ` +
      `${first.loadMilliseconds === null ? '—' : `${fixed(first.loadMilliseconds)} ms`} |`,
    '',
  ];
}
