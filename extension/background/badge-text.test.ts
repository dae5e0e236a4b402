import { describe, expect, it } from 'vitest';
import { badgeText } from './badge-text.ts';

const current = { current: true };
const other = { current: false };

describe('badgeText', () => {
  it('is empty when nobody is signed in', () => {
    expect(badgeText(null)).toBe('');
  });

  it('is empty when this device is the only one signed in', () => {
    expect(badgeText([current])).toBe('');
    expect(badgeText([])).toBe('');
  });

  it('counts only the other devices, not this one', () => {
    expect(badgeText([current, other])).toBe('1');
    expect(badgeText([other, current, other, other])).toBe('3');
  });

  it('counts other devices even when the current session is missing from the list', () => {
    expect(badgeText([other, other])).toBe('2');
  });

  it('shows nine other devices as 9 and ten or more as 9+', () => {
    expect(badgeText([current, ...Array.from({ length: 9 }, () => other)])).toBe('9');
    expect(badgeText([current, ...Array.from({ length: 10 }, () => other)])).toBe('9+');
    expect(badgeText(Array.from({ length: 250 }, () => other))).toBe('9+');
  });
});
