/**
 * Approximate places from client addresses (issue 12), offline: a country database shipped in an
 * npm package (@ip-location-db/geo-whois-asn-country-mmdb: RIR whois + ASN data by the NRO,
 * CC BY 4.0, attribution to nro.net) read with `maxmind`; country names from Intl.DisplayNames.
 * Loopback, private, link-local and other non-public addresses are "Local network". The data is
 * read once per process, on first use; it is read-only, so one shared copy is safe.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { Reader } from 'maxmind';
import type { Response } from 'maxmind';
import type { DeviceLocation } from '../../shared/schemas.ts';

const COUNTRY_DATABASE = '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';

export const LOCAL_NETWORK: DeviceLocation = { countryCode: null, country: null, city: null, name: 'Local network' };

// Matched by hand, not with net.BlockList, which parses every address into an object (the lookup
// is on every listing of sessions; the goal is a few microseconds). IPv4-mapped addresses arrive
// as a.b.c.d already (client-info.ts).
const LOCAL_IPV4: readonly [number, number][] = [
  [0x00000000, 8], // "this network"
  [0x0a000000, 8],
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8],
  [0xa9fe0000, 16], // link-local
  [0xac100000, 12],
  [0xc0a80000, 16],
];
// Documentation ranges are nobody's: the data has stray entries for some, which must not show.
const UNROUTED_IPV4: readonly [number, number][] = [
  [0xc0000200, 24],
  [0xc6336400, 24],
  [0xcb007100, 24],
];

function ipv4Number(ip: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = ip.split('.').map(Number);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function inRanges(value: number, ranges: readonly [number, number][]): boolean {
  return ranges.some(([base, bits]) => value >>> (32 - bits) === base >>> (32 - bits));
}

/** The first 16 bits of an IPv6 address, and whether it is :: or ::1. */
function ipv6Head(ip: string): { first: number; unspecifiedOrLoopback: boolean } {
  const lower = ip.toLowerCase();
  // Only zeros (and colons), possibly ending in 1: "::", "::1", "0:0:0:0:0:0:0:1".
  const unspecifiedOrLoopback = /^[0:]*1?$/.test(lower);
  const first = lower.startsWith('::') ? 0 : Number.parseInt(lower.slice(0, lower.indexOf(':')), 16);
  return { first, unspecifiedOrLoopback };
}

/** True for addresses that do not leave the local network (loopback, private, link-local). */
export function isLocalAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return inRanges(ipv4Number(ip), LOCAL_IPV4);
  if (family === 0) return false;
  const { first, unspecifiedOrLoopback } = ipv6Head(ip);
  // fc00::/7 unique local, fe80::/10 link-local.
  return unspecifiedOrLoopback || (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

function isUnrouted(ip: string, family: number): boolean {
  if (family === 4) return inRanges(ipv4Number(ip), UNROUTED_IPV4);
  return /^2001:0?db8:/i.test(ip); // 2001:db8::/32
}

/** Decoded records by offset: the data has a few hundred distinct ones (one per country). */
class BoundedCache {
  private readonly entries = new Map<string | number, unknown>();
  get(key: string | number): unknown {
    return this.entries.get(key);
  }
  set(key: string | number, value: unknown): void {
    if (this.entries.size < 4_096) this.entries.set(key, value);
  }
}

let reader: Reader<Response> | null = null;
const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** At most one entry per two-letter code. */
const countryNameCache = new Map<string, string>();

/** The country database, loaded on first use and kept for the life of the process. */
export function countryReader(): Reader<Response> {
  if (reader === null) {
    const data = readFileSync(createRequire(import.meta.url).resolve(COUNTRY_DATABASE));
    reader = new Reader<Response>(data, { cache: new BoundedCache() });
  }
  return reader;
}

/** Whether this process has loaded the country data yet (the bench measures the load). */
export function countryDataLoaded(): boolean {
  return reader !== null;
}

/** When the shipped country data was built (it is stated in docs/deploy.md). */
export function countryDataBuiltAt(): Date {
  return countryReader().metadata.buildEpoch;
}

/** ISO 3166-1 alpha-2 code of a public address, or null when the data does not know it. */
export function countryCodeOf(ip: string | null): string | null {
  const family = isIP(ip ?? '');
  if (ip === null || family === 0 || isLocalAddress(ip) || isUnrouted(ip, family)) return null;
  // This database's records are `{country_code}`, not MaxMind's own shape.
  const record = countryReader().get(ip) as { country_code?: unknown } | null;
  const code = record?.country_code;
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : null;
}

/** A place people can read, from an address; null when nothing is known about it. */
export function locate(ip: string | null): DeviceLocation | null {
  if (ip === null || isIP(ip) === 0) return null;
  if (isLocalAddress(ip)) return { ...LOCAL_NETWORK };
  const countryCode = countryCodeOf(ip);
  if (countryCode === null) return null;
  let country = countryNameCache.get(countryCode);
  if (country === undefined) {
    country = countryNames.of(countryCode) ?? countryCode;
    countryNameCache.set(countryCode, country);
  }
  return { countryCode, country, city: null, name: country };
}
