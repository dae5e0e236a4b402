/**
 * Attacks on the access token (a JWT). Where an attack needs a valid signature, the token is
 * signed with the server's real private key read from the store, so the only thing wrong with
 * it is the attack itself. Every forged token must be answered 401 — never 200, never 500 — in
 * both revocation modes (stateless mode trusts the token alone, so it matters most there).
 */
import { createHmac, createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import type { JWK, JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppAccount, TestApp } from '../../server/testing/test-app.ts';
import { bearer, expectError, itLeavesNoSecretInTheLogs, rememberSecret, startTarget } from './attack-kit.ts';

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

for (const mode of ['strict', 'stateless'] as const) {
  describe(`JWT attacks (${mode} mode)`, () => {
    let h: TestApp;
    let victim: AppAccount;
    let kid: string;
    let privateKey: CryptoKey;
    let publicJwk: JWK;
    let privateJwk: JWK;

    beforeAll(async () => {
      h = await startTarget({ REVOCATION_MODE: mode });
      victim = await h.signUp({ mode: 'header' });
      const [record] = await h.store.listSigningKeys();
      if (record === undefined) throw new Error('no signing key');
      kid = record.kid;
      privateKey = (await importJWK(JSON.parse(record.privateJwk) as JWK, 'EdDSA')) as CryptoKey;
      publicJwk = JSON.parse(record.publicJwk) as JWK;
      privateJwk = JSON.parse(record.privateJwk) as JWK;
    });
    afterAll(async () => h.close());

    /** The claims a genuine token of the victim carries, issued now on the fake clock. */
    function genuineClaims(): JWTPayload & Record<string, unknown> {
      const iat = Math.floor(h.clock.now / 1000);
      // Every genuine token has its own jti (issue 16).
      const jti = randomBytes(16).toString('base64url');
      const { issuer: iss, accessTokenAudience: aud } = h.config;
      return { sub: victim.userId, sid: victim.sessionId, tid: victim.tenantId, iss, aud, iat, exp: iat + 60, jti };
    }

    /** Signs header and claims exactly as given with the server's real private key. */
    async function signWithRealKey(header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', ...header } as { alg: string })
        .sign(privateKey);
      rememberSecret(token);
      return token;
    }

    /** Signs a header jose would refuse to produce, byte for byte, with the real private key. */
    function signRawWithRealKey(header: Record<string, unknown>, claims: Record<string, unknown>): string {
      const input = `${b64(header)}.${b64(claims)}`;
      const signature = sign(null, Buffer.from(input), createPrivateKey({ key: privateJwk as never, format: 'jwk' }));
      return `${input}.${signature.toString('base64url')}`;
    }

    /**
     * The token is refused with 401 on every kind of request, by header and by cookie, and the victim's session is
     * untouched.
     */
    async function expectRefused(token: string): Promise<void> {
      rememberSecret(token);
      const attempts: [string, RequestInit][] = [
        ['/api/me', bearer(token)],
        ['/api/sessions', bearer(token)],
        ['/api/sessions?scope=all', { method: 'DELETE', ...bearer(token) }],
        [`/api/sessions/${victim.sessionId}`, { method: 'DELETE', ...bearer(token) }],
        ['/api/me', { headers: { cookie: `sc_access=${token}` } }],
      ];
      for (const [path, init] of attempts) {
        const response = await fetch(`${h.url}${path}`, init);
        const body = await expectError(response, 401, 'UNAUTHORISED');
        if (token.length >= 20) expect(body.error.message).not.toContain(token.slice(0, 20));
      }
      expect((await h.store.findSessionById(victim.sessionId))?.id).toBe(victim.sessionId);
    }

    it('control: a genuine token (real key and claims) is accepted, so the refusals below are the attack', async () => {
      const token = await signWithRealKey({ kid, typ: 'at+jwt' }, genuineClaims());
      const response = await fetch(`${h.url}/api/me`, bearer(token));
      expect(response.status).toBe(200);
    });

    it('alg: none (unsigned token) is refused', async () => {
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        const unsigned = `${b64({ alg, typ: 'at+jwt', kid })}.${b64(genuineClaims())}`;
        await expectRefused(`${unsigned}.`);
        await expectRefused(`${unsigned}.${b64('x')}`);
      }
    });

    it('HS256 signed with the public key as the HMAC secret (algorithm confusion) is refused', async () => {
      const spki = createPublicKey({ key: publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const secrets: Buffer[] = [
        Buffer.from(JSON.stringify(publicJwk)),
        Buffer.from(publicJwk.x ?? '', 'base64url'),
        Buffer.from(publicJwk.x ?? ''),
        Buffer.from(String(spki)),
      ];
      for (const secret of secrets) {
        for (const alg of ['HS256', 'HS512']) {
          const input = `${b64({ alg, typ: 'at+jwt', kid })}.${b64(genuineClaims())}`;
          const signature = createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret)
            .update(input)
            .digest('base64url');
          await expectRefused(`${input}.${signature}`);
        }
      }
    });

    it('an attacker’s own key embedded in a jwk header is refused', async () => {
      const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const jwk = await exportJWK(attacker.publicKey);
      const claims = genuineClaims();
      for (const header of [{ jwk }, { jwk, kid }, { jwk: { ...jwk, kid }, kid }]) {
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...header })
          .sign(attacker.privateKey);
        await expectRefused(token);
      }
      // Even a genuine signature is refused when the header carries key material.
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt', jwk: publicJwk }, claims));
    });

    it('a jku, x5u or x5c header pointing at the attacker’s keys is refused', async () => {
      const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const claims = genuineClaims();
      for (const header of [
        { jku: 'https://evil.example/jwks.json', kid: 'evil' },
        { jku: 'https://evil.example/jwks.json', kid },
        { x5u: 'https://evil.example/cert.pem', kid },
        { x5c: ['MIIBszCCAVmgAwIBAgIUAA=='], kid },
      ]) {
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...header })
          .sign(attacker.privateKey);
        await expectRefused(token);
        await expectRefused(await signWithRealKey({ typ: 'at+jwt', ...header }, claims));
      }
    });

    it('an unknown kid (with an otherwise genuine signature) is refused', async () => {
      for (const unknownKid of ['unknown-key', '', '../../../etc/passwd', "' OR '1'='1", 'x'.repeat(2000)]) {
        await expectRefused(await signWithRealKey({ kid: unknownKid, typ: 'at+jwt' }, genuineClaims()));
      }
      await expectRefused(await signWithRealKey({ typ: 'at+jwt' }, genuineClaims()));
    });

    it('another asymmetric algorithm (ES256 under our kid) is refused', async () => {
      const attacker = await generateKeyPair('ES256', { extractable: true });
      const token = await new SignJWT(genuineClaims())
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
        .sign(attacker.privateKey);
      await expectRefused(token);
    });

    it('a token without exp is refused', async () => {
      const { exp: _exp, ...claims } = genuineClaims();
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, claims));
    });

    it('a token with a far-future exp is refused', async () => {
      const claims = genuineClaims();
      await expectRefused(
        await signWithRealKey({ kid, typ: 'at+jwt' }, { ...claims, exp: claims.iat! + 10 * 365 * 86_400 }),
      );
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, { ...claims, exp: 2 ** 53 }));
    });

    it('a token with nbf in the future is refused', async () => {
      const claims = genuineClaims();
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, { ...claims, nbf: claims.iat! + 3600 }));
    });

    it('a token issued in the future (iat ahead of the clock) is refused', async () => {
      const claims = genuineClaims();
      await expectRefused(
        await signWithRealKey({ kid, typ: 'at+jwt' }, { ...claims, iat: claims.iat! + 3600, exp: claims.iat! + 3660 }),
      );
    });

    it('a token from another issuer is refused', async () => {
      await expectRefused(
        await signWithRealKey({ kid, typ: 'at+jwt' }, { ...genuineClaims(), iss: 'https://evil.example' }),
      );
      const { iss: _iss, ...claims } = genuineClaims();
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, claims));
    });

    it('a token meant for another service (another audience, or none) is refused', async () => {
      await expectRefused(
        await signWithRealKey({ kid, typ: 'at+jwt' }, { ...genuineClaims(), aud: 'another-service' }),
      );
      const { aud: _aud, ...claims } = genuineClaims();
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, claims));
    });

    it('a token without its session, user or tenant claims, or with them of the wrong type, is refused', async () => {
      const claims = genuineClaims();
      for (const name of ['sub', 'sid', 'tid', 'iat']) {
        const { [name]: _dropped, ...rest } = claims;
        await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, rest));
      }
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, { ...claims, sid: [victim.sessionId] }));
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, { ...claims, tid: { $ne: null } }));
      await expectRefused(await signWithRealKey({ kid, typ: 'at+jwt' }, { ...claims, iat: String(claims.iat) }));
    });

    it('a refresh token used as an access token is refused', async () => {
      const person = await h.signUp({ mode: 'header' });
      await expectRefused(person.refreshToken);
      const response = await fetch(`${h.url}/api/me`, { headers: { cookie: `sc_access=${person.refreshToken}` } });
      await expectError(response, 401, 'UNAUTHORISED');
    });

    it('another token type (typ JWT, rt+jwt, id-token style, none) used as an access token is refused', async () => {
      const claims = genuineClaims();
      for (const typ of ['JWT', 'rt+jwt', 'refresh+jwt', 'id+jwt', 'application/at+jwt-evil', 'AT+JWT ']) {
        await expectRefused(await signWithRealKey({ kid, typ }, claims));
      }
      await expectRefused(await signWithRealKey({ kid }, claims));
    });

    it('a token whose signature bytes were altered but still decode is refused', async () => {
      const [header, payload, signature] = victim.accessToken.split('.') as [string, string, string];
      const bytes = Buffer.from(signature, 'base64url');
      for (const index of [0, 17, 31, 32, 63]) {
        const altered = Buffer.from(bytes);
        altered[index] = (altered[index] ?? 0) ^ 0x01;
        await expectRefused(`${header}.${payload}.${altered.toString('base64url')}`);
      }
      await expectRefused(`${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`);
      await expectRefused(`${header}.${payload}.${bytes.subarray(0, 63).toString('base64url')}`);
      // The genuine token still works: the refusals were the alterations.
      expect((await fetch(`${h.url}/api/me`, bearer(victim.accessToken))).status).toBe(200);
    });

    it('payload tampering (other user, session, tenant or longer life, genuine signature) is refused', async () => {
      const other = await h.signUp({ mode: 'header' });
      const [header, payload, signature] = victim.accessToken.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      for (const change of [
        { sub: other.userId },
        { sid: other.sessionId },
        { tid: 'acme' },
        { exp: Number(claims.exp) + 86_400 },
        { admin: true },
      ]) {
        await expectRefused(`${header}.${b64({ ...claims, ...change })}.${signature}`);
      }
      // The same claims re-encoded with different whitespace are a different signing input too.
      await expectRefused(
        `${header}.${Buffer.from(JSON.stringify(claims, null, 1)).toString('base64url')}.${signature}`,
      );
    });

    it('malformed tokens (junk, wrong part count, non-JSON header, 5 KB, unknown crit): 401, never 500', async () => {
      const claims = genuineClaims();
      for (const junk of [
        'a',
        'a.b',
        'a.b.c.d',
        '...',
        `${b64('not json')}.${b64(claims)}.${b64('sig')}`,
        `${b64('[]')}.${b64('null')}.AA`,
        'e'.repeat(5000),
      ]) {
        await expectRefused(junk);
      }
      // The raw signer is right: the same bytes without `crit` are accepted.
      expect(
        (await fetch(`${h.url}/api/me`, bearer(signRawWithRealKey({ alg: 'EdDSA', kid, typ: 'at+jwt' }, claims))))
          .status,
      ).toBe(200);
      await expectRefused(
        signRawWithRealKey({ alg: 'EdDSA', kid, typ: 'at+jwt', crit: ['exp-evil'], 'exp-evil': true }, claims),
      );
      const malformedHeader = await fetch(`${h.url}/api/me`, { headers: { authorization: 'Bearer' } });
      await expectError(malformedHeader, 401, 'UNAUTHORISED');
      const basic = await fetch(`${h.url}/api/me`, { headers: { authorization: `Basic ${b64('a:b')}` } });
      await expectError(basic, 401, 'UNAUTHORISED');
    });

    it('an expired genuine token asks for a refresh (TRY_REFRESH_TOKEN); a forged expired one does not', async () => {
      const person = await h.signUp({ mode: 'header' });
      h.clock.advance((h.config.accessTokenTtlSeconds + 10) * 1000);
      await expectError(await fetch(`${h.url}/api/me`, bearer(person.accessToken)), 401, 'TRY_REFRESH_TOKEN');
      const [header, payload] = person.accessToken.split('.') as [string, string, string];
      await expectError(
        await fetch(`${h.url}/api/me`, bearer(`${header}.${payload}.${Buffer.alloc(64, 7).toString('base64url')}`)),
        401,
        'UNAUTHORISED',
      );
    });
  });
}

itLeavesNoSecretInTheLogs();
