/**
 * Cost of the offline place lookup (issue 12, goal ≤ 5 µs per lookup): how long `locate()` takes
 * per address over a mix of random public IPv4 and IPv6 addresses (the country name included), and
 * how much memory the loaded country data holds. Run in a process that has not looked anything up
 * yet, so the load is measured (`npx tsx bench/location-lookup.ts` prints the result as JSON).
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { countryDataBuiltAt, countryDataLoaded, countryReader, locate } from '../server/session/places.ts';

export interface LocationLookupResult {
  lookups: number;
  lookupsPerSecond: number;
  microsecondsPerLookup: number;
  /** Size of the mmdb file read into memory. */
  dataFileBytes: number;
  /** Growth of heap + external memory when the data was loaded (null: loaded earlier in this process). */
  loadedMemoryBytes: number | null;
  loadMilliseconds: number | null;
  /** When the shipped data was built. */
  dataBuiltAt: string;
}

/** A deterministic stream of addresses: mostly IPv4 from all over the space, some IPv6 in 2000::/3. */
function addresses(count: number): string[] {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const result: string[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index % 5 === 4) {
      const groups = [0x2000 + (next() % 0x2000), next() % 0x10000, next() % 0x10000, next() % 0x10000];
      result.push(`${groups.map((group) => group.toString(16)).join(':')}::1`);
    } else {
      const value = next();
      result.push([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.'));
    }
  }
  return result;
}

/** Heap plus memory outside it (`external` already includes Buffers and ArrayBuffers). */
function memoryNow(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Part `location` of `npm run bench` (bench/run-location.ts): several runs, for the spread. */
export interface LocationBenchResult {
  /** The first run loads the data; the others find it loaded. */
  runs: LocationLookupResult[];
}

export async function measureLocationLookup(lookups = 200_000): Promise<LocationLookupResult> {
  const path = createRequire(import.meta.url).resolve(
    '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb',
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  const loadedEarlier = countryDataLoaded();
  gc?.();
  const before = memoryNow();
  const loadStart = performance.now();
  countryReader();
  const loadMilliseconds = performance.now() - loadStart;
  gc?.();
  const loadedMemoryBytes = memoryNow() - before;
  const sample = addresses(lookups);
  for (const ip of sample.slice(0, 5_000)) locate(ip); // warm-up
  // The fastest of three rounds: on a shared machine the others only measure the neighbours.
  let elapsedNs = Number.POSITIVE_INFINITY;
  let found = 0;
  for (let round = 0; round < 3; round += 1) {
    found = 0;
    const start = process.hrtime.bigint();
    for (const ip of sample) if (locate(ip) !== null) found += 1;
    elapsedNs = Math.min(elapsedNs, Number(process.hrtime.bigint() - start));
  }
  if (found === 0) throw new Error('no address was placed: the country data did not load');
  return {
    lookups,
    lookupsPerSecond: Math.round(lookups / (elapsedNs / 1e9)),
    microsecondsPerLookup: Number((elapsedNs / 1000 / lookups).toFixed(3)),
    dataFileBytes: statSync(path).size,
    loadedMemoryBytes: loadedEarlier ? null : loadedMemoryBytes,
    loadMilliseconds: loadedEarlier ? null : Number(loadMilliseconds.toFixed(1)),
    dataBuiltAt: countryDataBuiltAt().toISOString(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureLocationLookup(), null, 2));
}
