/**
 * Signing keys for access tokens. Ed25519 keys are created on first start and kept in the store,
 * so a restart (or a second instance on the same database) does not sign everyone out; the
 * public halves are served as a JWKS. Keys are imported once, not per request.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';
import type { SigningKeyRecord } from './records.ts';
import type { SigningKeyStore } from './store.ts';

export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';
/** At most one store lookup for unknown key ids per this interval, so junk `kid`s cannot flood it. */
const RELOAD_INTERVAL_MS = 5_000;

interface LoadedKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  createdAt: number;
}

async function loadKey(record: SigningKeyRecord): Promise<LoadedKey> {
  const publicJwk = JSON.parse(record.publicJwk) as JWK;
  return {
    kid: record.kid,
    privateKey: (await importJWK(JSON.parse(record.privateJwk) as JWK, ACCESS_TOKEN_ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ACCESS_TOKEN_ALGORITHM)) as CryptoKey,
    publicJwk,
    createdAt: record.createdAt,
  };
}

/**
 * The first key of a store has a fixed id, so that instances starting together on an empty store
 * cannot each create their own (and refuse each other's tokens): exactly one insert wins, and every
 * instance loads that key. Later keys get random ids.
 */
const FIRST_KEY_ID = 'initial';

export async function createSigningKeyRecord(
  now: number,
  kid: string = randomBytes(12).toString('base64url'),
): Promise<SigningKeyRecord> {
  const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, {
    crv: 'Ed25519',
    extractable: true,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALGORITHM };
  return {
    kid,
    alg: ACCESS_TOKEN_ALGORITHM,
    privateJwk: JSON.stringify(privateJwk),
    publicJwk: JSON.stringify(publicJwk),
    createdAt: now,
  };
}

export class KeyRing {
  private keys = new Map<string, LoadedKey>();
  private current: LoadedKey | null = null;
  private lastReloadAt = 0;

  private constructor(
    private readonly store: SigningKeyStore,
    private readonly clock: () => number,
  ) {}

  /** Loads the store's keys, creating the first one if there is none. */
  static async open(store: SigningKeyStore, clock: () => number): Promise<KeyRing> {
    const ring = new KeyRing(store, clock);
    await ring.reload();
    if (ring.current === null) {
      try {
        await store.insertSigningKey(await createSigningKeyRecord(clock(), FIRST_KEY_ID));
      } catch {
        // Another instance inserted the first key a moment ago (the id is taken): use that one.
      }
      await ring.reload();
      if (ring.current === null) throw new Error('Could not create the first signing key');
    }
    return ring;
  }

  private async reload(): Promise<void> {
    this.lastReloadAt = this.clock();
    const records = await this.store.listSigningKeys();
    const next = new Map<string, LoadedKey>();
    for (const record of records) next.set(record.kid, this.keys.get(record.kid) ?? (await loadKey(record)));
    this.keys = next;
    // The newest key signs; when two instances created one at the same moment, both pick the same.
    this.current = [...next.values()].sort((a, b) => b.createdAt - a.createdAt || (a.kid < b.kid ? 1 : -1))[0] ?? null;
  }

  signingKey(): { kid: string; key: CryptoKey } {
    if (this.current === null) throw new Error('No signing key loaded');
    return { kid: this.current.kid, key: this.current.privateKey };
  }

  /** The public key for `kid`, looking in the store (rate-limited) for keys another instance made. */
  async publicKey(kid: string): Promise<CryptoKey | null> {
    const known = this.keys.get(kid);
    if (known !== undefined) return known.publicKey;
    if (this.clock() - this.lastReloadAt < RELOAD_INTERVAL_MS) return null;
    await this.reload();
    return this.keys.get(kid)?.publicKey ?? null;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((key) => key.publicJwk) };
  }
}
