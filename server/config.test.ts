import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXTENSION_ID, EXTENSION_ORIGIN, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has the contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:data/session-control.db',
      revocationMode: 'strict',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 2_592_000,
      allowedOrigins: [EXTENSION_ORIGIN],
      trustProxy: false,
      secureCookies: false,
      postgresSessionCache: 'lease',
      sessionLeaseMs: 3_000,
    });
    expect(config.publicOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['REVOCATION_MODE', 'sometimes', /REVOCATION_MODE/],
    ['ACCESS_TOKEN_TTL_SECONDS', '-5', /ACCESS_TOKEN_TTL_SECONDS/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL/],
    ['PUBLIC_ORIGIN', 'https://example.com/path', /PUBLIC_ORIGIN/],
    ['ALLOWED_ORIGINS', 'https://ok.example, not a url', /ALLOWED_ORIGINS/],
    ['TRUST_PROXY', 'everyone', /TRUST_PROXY/],
    ['POSTGRES_SESSION_CACHE', 'on', /POSTGRES_SESSION_CACHE must be one of lease, off/],
    ['SESSION_LEASE_MS', '100', /SESSION_LEASE_MS must be between 500 and 60000/],
    ['SESSION_LEASE_MS', '3s', /SESSION_LEASE_MS must be a whole number/],
  ])('stops with one line naming %s when it is "%s"', (name, value, pattern) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(pattern);
  });

  it('takes exact extra origins and an https public origin turns on secure cookies', () => {
    const config = loadConfig({
      PUBLIC_ORIGIN: 'https://sessions.example.com',
      ALLOWED_ORIGINS: 'https://a.example, chrome-extension://abc',
    });
    expect(config.publicOrigins).toEqual(['https://sessions.example.com']);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'chrome-extension://abc']);
    expect(config.secureCookies).toBe(true);
  });
});

describe('the extension id', () => {
  it("matches the key pinned in manifest.json, so the default ALLOWED_ORIGINS is the extension's origin", () => {
    const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')) as { key: string };
    const digest = createHash('sha256').update(Buffer.from(manifest.key, 'base64')).digest('hex').slice(0, 32);
    const id = [...digest].map((hex) => String.fromCharCode('a'.charCodeAt(0) + parseInt(hex, 16))).join('');
    expect(id).toBe(EXTENSION_ID);
  });
});
