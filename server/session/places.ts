/**
 * Approximate places from client addresses (issue 12), offline: a country database shipped in an
 * npm package (@ip-location-db/geo-whois-asn-country-mmdb: RIR whois + ASN data by the NRO,
 * CC BY 4.0, attribution to nro.net) read with `maxmind`; country names from Intl.DisplayNames.
 * Loopback, private, link-local and other non-public addresses are "Local network". The data is
 * read once per process, on first use; it is read-only, so one shared copy is safe.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BlockList, isIP } from 'node:net';
import { Reader } from 'maxmind';
import type { Response } from 'maxmind';
import type { DeviceLocation } from '../../shared/schemas.ts';

const COUNTRY_DATABASE = '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';

export const LOCAL_NETWORK: DeviceLocation = { countryCode: null, country: null, city: null, name: 'Local network' };

const LOCAL_RANGES: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
];

// Documentation ranges are nobody's: the data has stray entries for some, which must not show.
const UNROUTED_RANGES: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['192.0.2.0', 24, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['2001:db8::', 32, 'ipv6'],
];

function blockList(ranges: readonly [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return list;
}

const localNetworks = blockList(LOCAL_RANGES);
const unrouted = blockList(UNROUTED_RANGES);

/** True for addresses that do not leave the local network (loopback, private, link-local). */
export function isLocalAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return localNetworks.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

let reader: Reader<Response> | null = null;
const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** The country database, loaded on first use and kept for the life of the process. */
export function countryReader(): Reader<Response> {
  reader ??= new Reader<Response>(readFileSync(createRequire(import.meta.url).resolve(COUNTRY_DATABASE)));
  return reader;
}

/** When the shipped country data was built (it is stated in docs/deploy.md). */
export function countryDataBuiltAt(): Date {
  return countryReader().metadata.buildEpoch;
}

/** ISO 3166-1 alpha-2 code of a public address, or null when the data does not know it. */
export function countryCodeOf(ip: string | null): string | null {
  const family = isIP(ip ?? '');
  if (ip === null || family === 0 || isLocalAddress(ip) || unrouted.check(ip, family === 4 ? 'ipv4' : 'ipv6'))
    return null;
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
  const country = countryNames.of(countryCode) ?? countryCode;
  return { countryCode, country, city: null, name: country };
}
