/** Units of work for the signing keys (keys.ts keeps them in memory once loaded). */
import type { SigningKeyRecord } from '../session/records.ts';
import type { Work } from './driver.ts';
import { all, run } from './driver.ts';
import { signingKeyFromRow } from './rows.ts';
import type { SigningKeyRow } from './rows.ts';

export function* listSigningKeys(): Work<SigningKeyRecord[]> {
  return (yield* all<SigningKeyRow>('SELECT * FROM signing_keys ORDER BY created_at, kid')).map(signingKeyFromRow);
}

export function* insertSigningKey(key: SigningKeyRecord): Work<void> {
  yield* run(
    'INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?, ?)',
    key.kid,
    key.alg,
    key.privateJwk,
    key.publicJwk,
    key.createdAt,
  );
}
