/**
 * Part `location` of `npm run bench` (issue 12, item 4): the cost of one offline country lookup
 * (bench/location-lookup.ts), repeated so that the spread shows, and the memory of the data.
 */
import type { LocationLookupResult } from './location-lookup.ts';
import { measureLocationLookup } from './location-lookup.ts';
import type { RunContext } from './run-live.ts';

const REPEATS = 5;

export async function locationPart(run: RunContext): Promise<void> {
  try {
    const runs: LocationLookupResult[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat += 1) runs.push(await measureLocationLookup());
    run.results.location = { runs };
    const micros = runs.map((result) => result.microsecondsPerLookup.toFixed(2)).join(', ');
    run.log(`  location: µs per lookup ${micros}`);
  } catch (error) {
    run.results.location = { error: error instanceof Error ? error.message : String(error) };
  }
}
