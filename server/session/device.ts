/**
 * Device facts people recognise, parsed from the User-Agent with bowser. The header is hostile
 * input: it is capped in length and stripped of control and bidirectional-override characters
 * before it is parsed or stored.
 */
import Bowser from 'bowser';
import type { DeviceType } from '../../shared/schemas.ts';
import type { DeviceRecord } from './records.ts';

export const USER_AGENT_MAX_LENGTH = 512;
export const DEVICE_LABEL_MAX_LENGTH = 64;

// C0/C1 controls, DEL, and the Unicode bidi embedding/override/isolate marks that can make a
// name read differently from what it is ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitiseText(value: string, maxLength: number): string {
  return value.replace(UNSAFE_CHARACTERS, '').trim().slice(0, maxLength);
}

function deviceType(platformType: string | undefined): DeviceType {
  if (platformType === 'desktop' || platformType === 'mobile' || platformType === 'tablet') return platformType;
  return 'unknown';
}

export function parseDevice(rawUserAgent: string | undefined): DeviceRecord {
  const userAgent = rawUserAgent === undefined ? '' : sanitiseText(rawUserAgent, USER_AGENT_MAX_LENGTH);
  if (userAgent === '') {
    return {
      userAgent: null,
      name: 'Unknown device',
      browser: null,
      browserVersion: null,
      os: null,
      type: 'unknown',
      label: null,
    };
  }
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name || null;
  const browserVersion = parsed.browser.version || null;
  const os = parsed.os.name || null;
  const model = parsed.platform.model;
  // "Safari on iPhone" reads better than "Safari on iOS"; elsewhere the OS is what people know.
  const where = model === 'iPhone' || model === 'iPad' ? model : os;
  let name: string;
  if (browser && where) name = `${browser} on ${where}`;
  else if (browser) name = browser;
  else if (where) name = `Unknown browser on ${where}`;
  else name = 'Unknown device';
  return { userAgent, name, browser, browserVersion, os, type: deviceType(parsed.platform.type), label: null };
}
