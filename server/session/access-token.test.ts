import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Tokens } from '../../shared/schemas.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import { startApp } from '../testing/test-app.ts';
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
    expect(await new AccessTokenVerifier(keys, settings).check(token, expiresAt + 1)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    await store.close();
  });

  it('never lets a token outlive its session', async () => {
    const store = await openSqliteStore(':memory:');
    const now = Date.UTC(2026, 10, 27, 10, 0, 0);
    const keys = await KeyRing.open(store, () => now);
    const settings = { issuer: 'http://app.test', audience: 'session-control', ttlSeconds: 900 };
    const { expiresAt } = await signAccessToken(
      keys,
      settings,
      { userId: 'u', sessionId: 's', tenantId: 'public' },
      now,
      now + 60_000,
    );
    expect(expiresAt).toBe(now + 60_000);
    await store.close();
  });
});

describe('regression issue 16: every access token has its own jti', () => {
  const settings = { issuer: 'http://app.test', audience: 'session-control', ttlSeconds: 900 };
  const subject = { userId: 'u', sessionId: 's', tenantId: 'public' };
  const now = Date.UTC(2026, 10, 27, 10, 0, 0);
  const jtiOf = (token: string): unknown => decodeJwt(token).jti;

  it('two tokens for one session signed in the same millisecond differ, each with its own jti', async () => {
    const store = await openSqliteStore(':memory:');
    const keys = await KeyRing.open(store, () => now);
    const first = await signAccessToken(keys, settings, subject, now, now + 86_400_000);
    const second = await signAccessToken(keys, settings, subject, now, now + 86_400_000);
    expect(second.token).not.toBe(first.token);
    expect(jtiOf(first.token)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(jtiOf(second.token)).not.toBe(jtiOf(first.token));
    // The verified-token cache keeps them apart: each check answers with that token's own claims.
    const verifier = new AccessTokenVerifier(keys, settings);
    for (let round = 0; round < 2; round++) {
      for (const { token } of [first, second]) {
        expect(await verifier.check(token, now)).toMatchObject({ ok: true, claims: { jti: jtiOf(token) } });
      }
    }
    await store.close();
  });

  it('never accepts a token without a well-formed jti; a genuine one from before jti is told to refresh', async () => {
    const store = await openSqliteStore(':memory:');
    const keys = await KeyRing.open(store, () => now);
    const { kid, key } = keys.signingKey();
    const sign = (claims: Record<string, unknown>, audience = settings.audience) =>
      new SignJWT({ sid: 's', tid: 'public', ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .setSubject('u')
        .setIssuer(settings.issuer)
        .setAudience(audience)
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(now / 1000) + 60)
        .sign(key);
    const verifier = new AccessTokenVerifier(keys, settings);
    // As tokens were signed before this change: authentic, so "refresh", but never "ok".
    const legacy = await verifier.check(await sign({}), now);
    expect(legacy).toMatchObject({ ok: false, reason: 'expired', claims: { sid: 's' } });
    // Without jti and wrong in any other way: invalid, as before.
    expect(await verifier.check(await sign({}, 'another-service'), now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifier.check(await sign({ sid: undefined }), now)).toEqual({ ok: false, reason: 'invalid' });
    for (const jti of [42, '', 'x', ['a'], 'A'.repeat(23), `${'A'.repeat(21)}\0`]) {
      const check = await verifier.check(await sign({ jti }), now);
      expect(check, JSON.stringify(jti)).toEqual({ ok: false, reason: 'invalid' });
    }
    await store.close();
  });

  it('sign-up in header mode, then an immediate refresh, gives another access token with another jti', async () => {
    const app = await startApp();
    try {
      const headers = { 'x-auth-mode': 'header' };
      const signUp = await app
        .client()
        .post<{ tokens: Tokens }>(
          '/auth/signup',
          { email: 'jti@example.test', password: 'correct horse battery' },
          { headers },
        );
      expect(signUp.status).toBe(201);
      // The fake clock stands still: sign-up and refresh happen in the same second.
      const refresh = await app.client().post<{ tokens: Tokens }>('/auth/session/refresh', undefined, {
        headers: { authorization: `Bearer ${signUp.body.tokens.refreshToken}` },
      });
      expect(refresh.status).toBe(200);
      expect(refresh.body.tokens.accessToken).not.toBe(signUp.body.tokens.accessToken);
      expect(jtiOf(refresh.body.tokens.accessToken)).not.toBe(jtiOf(signUp.body.tokens.accessToken));
      expect(decodeJwt(refresh.body.tokens.accessToken).iat).toBe(decodeJwt(signUp.body.tokens.accessToken).iat);
      for (const { accessToken } of [signUp.body.tokens, refresh.body.tokens]) {
        const me = await app.client().get('/api/me', { headers: { authorization: `Bearer ${accessToken}` } });
        expect(me.status).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});
