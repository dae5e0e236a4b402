import { describe, expect, it } from 'vitest';
import { parseDevice, USER_AGENT_MAX_LENGTH } from './device.ts';

describe('parseDevice', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0', 'Firefox on Linux', 'desktop'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      'Chrome on Windows',
      'desktop',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) ' +
        'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      'Safari on iPhone',
      'mobile',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) ' +
        'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      'Safari on iPad',
      'tablet',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) ' +
        'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
      'mobile',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ' +
        'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      'Safari on macOS',
      'desktop',
    ],
  ])('names %s as "%s"', (userAgent, name, type) => {
    const device = parseDevice(userAgent);
    expect(device.name).toBe(name);
    expect(device.type).toBe(type);
    expect(device.browserVersion).not.toBeNull();
  });

  it('calls a missing or empty User-Agent an unknown device', () => {
    expect(parseDevice(undefined)).toMatchObject({ name: 'Unknown device', type: 'unknown', userAgent: null });
    expect(parseDevice('   ')).toMatchObject({ name: 'Unknown device' });
  });

  it('caps the stored User-Agent and strips control and bidi-override characters', () => {
    const hostile = `curl/8.0\u0000\u001b[31m\u202eevil\u2066${'A'.repeat(8 * 1024)}`;
    const device = parseDevice(hostile);
    expect(device.userAgent?.length).toBeLessThanOrEqual(USER_AGENT_MAX_LENGTH);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
    expect(device.userAgent).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
    expect(device.name.length).toBeLessThanOrEqual(USER_AGENT_MAX_LENGTH);
  });

  it('keeps markup in a User-Agent as plain text (it is escaped where shown, never interpreted here)', () => {
    const device = parseDevice('<img src=x onerror=alert(1)>');
    expect(device.userAgent).toBe('<img src=x onerror=alert(1)>');
  });
});
