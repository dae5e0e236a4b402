import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerOrigin } from './parse-server-origin.ts';

function originOf(input: string): string | undefined {
  const result = parseServerOrigin(input);
  return result.ok ? result.origin : undefined;
}

function messageOf(input: string): string | undefined {
  const result = parseServerOrigin(input);
  return result.ok ? undefined : result.message;
}

describe('parseServerOrigin', () => {
  it('accepts the default local server as it is', () => {
    expect(parseServerOrigin('http://127.0.0.1:3000')).toEqual({ ok: true, origin: 'http://127.0.0.1:3000' });
  });

  it('accepts a trailing slash and surrounding spaces and drops them', () => {
    expect(originOf('  https://sessions.example.org/  ')).toBe('https://sessions.example.org');
  });

  it('normalises the host to lowercase and drops a default port', () => {
    expect(originOf('HTTPS://Sessions.Example.ORG:443')).toBe('https://sessions.example.org');
    expect(originOf('http://localhost:80/')).toBe('http://localhost');
    expect(originOf('http://localhost:8080')).toBe('http://localhost:8080');
  });

  it('accepts IPv6 and international host names in their normal form', () => {
    expect(originOf('http://[::1]:3000')).toBe('http://[::1]:3000');
    expect(originOf('https://bücher.example')).toBe('https://xn--bcher-kva.example');
  });

  it('refuses an empty address with an example', () => {
    expect(messageOf('   ')).toMatch(/http:\/\/127\.0\.0\.1:3000/);
  });

  it('refuses an address without a scheme and says which to add', () => {
    expect(messageOf('127.0.0.1:3000')).toMatch(/http:\/\/ or https:\/\//);
    expect(messageOf('localhost:3000')).toMatch(/http:\/\/ or https:\/\//);
    expect(messageOf('//example.org')).toMatch(/http:\/\/ or https:\/\//);
  });

  it('refuses schemes other than http and https', () => {
    for (const input of ['ftp://example.org', 'file:///etc/passwd', 'ws://example.org', 'chrome-extension://abc']) {
      expect(messageOf(input)).toMatch(/Only http/);
    }
    expect(messageOf('javascript:alert(1)')).toBeDefined();
    expect(messageOf('data:text/html,hi')).toBeDefined();
  });

  it('refuses a path, even a double slash', () => {
    expect(messageOf('https://example.org/api')).toMatch(/without a path/);
    expect(messageOf('https://example.org/account/security')).toMatch(/without a path/);
    expect(messageOf('https://example.org//')).toMatch(/without a path/);
  });

  it('refuses a query or fragment, even an empty one', () => {
    expect(messageOf('https://example.org/?next=1')).toMatch(/without \? or #/);
    expect(messageOf('https://example.org?')).toMatch(/without \? or #/);
    expect(messageOf('https://example.org/#top')).toMatch(/without \? or #/);
    expect(messageOf('https://example.org#')).toMatch(/without \? or #/);
  });

  it('refuses credentials in the address, which would otherwise hide the real host', () => {
    expect(messageOf('https://user:secret@example.org')).toMatch(/user name or password/);
    expect(messageOf('https://example.org@evil.example')).toMatch(/user name or password/);
    expect(messageOf('https://@example.org')).toMatch(/user name or password/);
  });

  it('refuses spaces, tabs and backslashes that the URL parser would silently remove or rewrite', () => {
    expect(messageOf('https://exam ple.org')).toBeDefined();
    expect(messageOf('https://exam\tple.org')).toBeDefined();
    expect(messageOf('https://example.org\\')).toBeDefined();
  });

  it('refuses an address that is not a URL at all', () => {
    expect(messageOf('http://exa mple')).toBeDefined();
    expect(messageOf('http://[::1')).toMatch(/not a valid web address/);
    expect(messageOf('http://')).toBeDefined();
  });

  it('gives back an origin that parses to itself, for any input it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string()), (input) => {
        const result = parseServerOrigin(input);
        if (!result.ok) return result.message.length > 0;
        const again = parseServerOrigin(result.origin);
        return again.ok && again.origin === result.origin && new URL(result.origin).origin === result.origin;
      }),
    );
  });
});
