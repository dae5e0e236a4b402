import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../storage/sqlite.ts';
import { AccessTokenVerifier, signAccessToken } from './access-token.ts';
import { KeyRing } from './keys.ts';

describe('access token lifetime', () => {
  it('gives a 1-second token at least a full second, whatever millisecond it was issued at', async () => {
    const store = await openSqliteStore(':memory:');
    const issuedAt = Date.UTC(2026, 10, 27, 10, 0, 0) + 999;
    const keys = await KeyRing.open(store, () => issuedAt);
    const settings = { issuer: 'http://app.test', audience: 'session-control', ttlSeconds: 1 };
    const subject = { userId: 'u', sessionId: 's', tenantId: 'public' };
    const { token, expiresAt } = await signAccessToken(keys, settings, subject, issuedAt, issuedAt + 86_400_000);
    expect(expiresAt - issuedAt).toBeGreaterThanOrEqual(1000);
    const verifier = new AccessTokenVerifier(keys, settings);
    expect((await verifier.check(token, issuedAt + 999)).ok).toBe(true);
    expect(await new AccessTokenVerifier(keys, settings).check(token, expiresAt + 1)).toMatchObject({ ok: false, reason: 'expired' });
    await store.close();
  });

  it('never lets a token outlive its session', async () => {
    const store = await openSqliteStore(':memory:');
    const now = Date.UTC(2026, 10, 27, 10, 0, 0);
    const keys = await KeyRing.open(store, () => now);
    const settings = { issuer: 'http://app.test', audience: 'session-control', ttlSeconds: 900 };
    const { expiresAt } = await signAccessToken(keys, settings, { userId: 'u', sessionId: 's', tenantId: 'public' }, now, now + 60_000);
    expect(expiresAt).toBe(now + 60_000);
    await store.close();
  });
});
