import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse', 'test');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 'test')).not.toBe(await hashPassword('same', 'test'));
  });

  it('uses at least 32 MiB of scrypt memory by default', async () => {
    const [, N, r] = (await hashPassword('x', 'default')).split('$').map(Number);
    expect((N as number) * (r as number) * 128).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$0$0$$')).toBe(false);
  });
});
