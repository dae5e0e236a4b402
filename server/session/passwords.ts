/**
 * Password hashing with scrypt (memory-hard). The parameters travel inside each stored hash,
 * so they can be raised later without breaking existing accounts.
 */
import { randomBytes, scrypt as scryptCallback } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import type { PasswordHashCost } from '../config.ts';
import { secretsEqual } from './secrets.ts';

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

// 2^15 × 8 × 128 B = 32 MiB per hash: OWASP's floor for scrypt. Tests use a cheap setting.
const PARAMS: Record<PasswordHashCost, ScryptParams> = {
  default: { N: 2 ** 15, r: 8, p: 1 },
  test: { N: 2 ** 10, r: 8, p: 1 },
};
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, cost: PasswordHashCost): Promise<string> {
  const params = PARAMS[cost];
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  const actual = await scrypt(password, salt, { N, r, p });
  return secretsEqual(actual, expected);
}

/**
 * A hash to verify against when the email is unknown, so that an unknown account takes as long
 * to refuse as a wrong password and sign-in does not reveal which emails exist.
 */
export function createDummyHash(cost: PasswordHashCost): Promise<string> {
  return hashPassword(randomBytes(16).toString('base64url'), cost);
}
