import { describe, expect, it } from 'vitest';
import { plural } from './plural.ts';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'other device', 'other devices')).toBe('1 other device');
    expect(plural(2, 'other device', 'other devices')).toBe('2 other devices');
    expect(plural(0, 'other device', 'other devices')).toBe('0 other devices');
  });
});
