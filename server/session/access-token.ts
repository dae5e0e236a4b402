/**
 * Access tokens: EdDSA-signed JWTs (`typ: at+jwt`) carrying the user, session and tenant.
 * Verification allows exactly one algorithm, requires every claim we rely on, refuses tokens
 * that claim a longer life than we ever issue, and ignores any key material in the header.
 *
 * Every token carries a random `jti` (RFC 9068 §2.2), so no two are alike, not even two issued for
 * one session in the same second (issue 16).
 *
 * A verified token is remembered (by its exact string, never by a claim such as `jti` alone: only
 * the whole signed string was verified) until it expires, so the signature of the same token is
 * checked once, not on every request. The cache holds only tokens that passed.
 */
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { ACCESS_TOKEN_ALGORITHM } from './keys.ts';
import type { KeyRing } from './keys.ts';
import { StoreUnavailableError } from './store.ts';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** Unique per token. Empty only for a genuine token signed before `jti` existed (answered as expired). */
  jti: string;
  tid: string;
  iat: number;
  exp: number;
  /** A host application's own claims (hooks.ts accessTokenClaims), when it adds any. */
  ext?: Record<string, unknown>;
}

export type AccessTokenCheck =
  | { ok: true; claims: AccessClaims }
  /** Signature good, but the token is past its `exp`: a refresh may succeed. `claims` are authentic. */
  | { ok: false; reason: 'expired'; claims: AccessClaims }
  | { ok: false; reason: 'invalid' };

export interface AccessTokenSettings {
  issuer: string;
  /** The `aud` our tokens carry and require: only tokens minted for this service pass. */
  audience: string;
  ttlSeconds: number;
}

const CLOCK_SKEW_SECONDS = 5;
const CACHE_LIMIT = 10_000;

/** 128 random bits, base64url: the shape of the `jti` we issue. */
const JTI_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const REQUIRED_CLAIMS = ['sub', 'sid', 'tid', 'iat', 'exp', 'aud', 'jti'];

function claimsFrom(payload: JWTPayload, options: { withoutJti?: boolean } = {}): AccessClaims | null {
  const { sub, sid, tid, iat, exp, jti, ext } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof sid !== 'string' || typeof tid !== 'string') return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  const host = isClaimSet(ext) ? { ext } : {};
  if (options.withoutJti) return jti === undefined ? { sub, sid, tid, jti: '', iat, exp, ...host } : null;
  if (typeof jti !== 'string' || !JTI_PATTERN.test(jti)) return null;
  return { sub, sid, tid, jti, iat, exp, ...host };
}

const isClaimSet = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function newTokenId(): string {
  return randomBytes(16).toString('base64url');
}

export async function signAccessToken(
  keys: KeyRing,
  settings: AccessTokenSettings,
  subject: { userId: string; sessionId: string; tenantId: string },
  now: number,
  notAfter: number,
  hostClaims?: Record<string, unknown>,
): Promise<{ token: string; expiresAt: number }> {
  const { kid, key } = keys.signingKey();
  const issuedAt = Math.floor(now / 1000);
  // Never outlive the session itself.
  // Rounded up: JWT times are whole seconds, and rounding down would cut a 1-second token (tests
  // use such) to anywhere between 0 and 1 s. The verifier allows for that one second.
  const expiresAtSeconds = Math.min(Math.ceil((now + settings.ttlSeconds * 1000) / 1000), Math.floor(notAfter / 1000));
  // The host's claims stay inside `ext`: spread first, ours could still not be replaced.
  const ext = hostClaims === undefined ? {} : { ext: { ...hostClaims } };
  const token = await new SignJWT({ ...ext, sid: subject.sessionId, tid: subject.tenantId })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid, typ: ACCESS_TOKEN_TYPE })
    .setSubject(subject.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAtSeconds)
    .setJti(newTokenId())
    .sign(key);
  return { token, expiresAt: expiresAtSeconds * 1000 };
}

export class AccessTokenVerifier {
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly keys: KeyRing,
    private readonly settings: AccessTokenSettings,
  ) {}

  async check(token: string, now: number): Promise<AccessTokenCheck> {
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (cached.exp * 1000 > now) return { ok: true, claims: cached };
      this.verified.delete(token);
      return { ok: false, reason: 'expired', claims: cached };
    }
    return this.verify(token, now);
  }

  private async verify(token: string, now: number): Promise<AccessTokenCheck> {
    // Cheap shape check before any crypto: three base64url parts, bounded length.
    if (token.length > 4096 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { ok: false, reason: 'invalid' };
    const check = await this.verifyClaims(token, now, false);
    if (check === 'jti-missing') {
      // A genuine token signed before every token had a `jti` (at most one TTL after the upgrade)
      // is never accepted, only told to refresh, so its client gets a new one instead of being
      // signed out. Everything else about it is checked as for any token.
      const legacy = await this.verifyClaims(token, now, true);
      // (Cannot be 'jti-missing' again: `jti` is not required on this pass.)
      if (legacy === 'jti-missing') return { ok: false, reason: 'invalid' };
      return legacy.ok ? { ok: false, reason: 'expired', claims: legacy.claims } : legacy;
    }
    if (check.ok) this.remember(token, check.claims);
    return check;
  }

  private async verifyClaims(
    token: string,
    now: number,
    withoutJti: boolean,
  ): Promise<AccessTokenCheck | 'jti-missing'> {
    const resolveKey = async (header: ProtectedHeaderParameters): Promise<CryptoKey> => {
      // Keys come only from our own key ring; a jwk/jku/x5u/x5c in the header is an attack.
      if (
        header.jwk !== undefined ||
        header.jku !== undefined ||
        header.x5u !== undefined ||
        header.x5c !== undefined
      ) {
        throw new errors.JWSInvalid('embedded key material refused');
      }
      const key = typeof header.kid === 'string' ? await this.keys.publicKey(header.kid) : null;
      if (key === null) throw new errors.JWKSNoMatchingKey();
      return key;
    };
    try {
      const { payload } = await jwtVerify(token, resolveKey, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        typ: ACCESS_TOKEN_TYPE,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: withoutJti ? REQUIRED_CLAIMS.filter((claim) => claim !== 'jti') : REQUIRED_CLAIMS,
        currentDate: new Date(now),
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const claims = claimsFrom(payload, { withoutJti });
      if (claims === null) return { ok: false, reason: 'invalid' };
      // We never issue a token living longer than the TTL, nor one dated in the future.
      if (
        claims.exp - claims.iat > this.settings.ttlSeconds + 1 ||
        claims.iat * 1000 > now + CLOCK_SKEW_SECONDS * 1000
      ) {
        return { ok: false, reason: 'invalid' };
      }
      if (claims.exp * 1000 <= now) return { ok: false, reason: 'expired', claims };
      return { ok: true, claims };
    } catch (error) {
      // The store could not be asked for a key: that is an outage (503), not a bad token.
      if (error instanceof StoreUnavailableError) throw error;
      // jose checks the signature before the claims, so in both cases below the payload is authentic.
      const jtiMissing =
        error instanceof errors.JWTClaimValidationFailed && error.claim === 'jti' && error.reason === 'missing';
      if (jtiMissing && !withoutJti) return 'jti-missing';
      if (error instanceof errors.JWTExpired) {
        const claims = claimsFrom(error.payload, { withoutJti });
        if (claims !== null && claims.exp - claims.iat <= this.settings.ttlSeconds + 1) {
          return { ok: false, reason: 'expired', claims };
        }
      }
      return { ok: false, reason: 'invalid' };
    }
  }

  private remember(token: string, claims: AccessClaims): void {
    if (this.verified.size >= CACHE_LIMIT) {
      // Drop the oldest entry (Map keeps insertion order).
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, claims);
  }
}
