import { describe, expect, it } from 'vitest';
import { formatDuration, formatLastActive, formatRelativeTime } from './relative-time.ts';

const now = Date.parse('2026-11-27T12:00:00.000Z');

describe('relative times', () => {
  it('says how long ago in the largest whole unit', () => {
    expect(formatRelativeTime('2026-11-27T09:00:00.000Z', now, 'en')).toBe('3 hours ago');
    expect(formatRelativeTime('2026-11-26T12:00:00.000Z', now, 'en')).toBe('yesterday');
    expect(formatRelativeTime('2026-11-27T11:55:00.000Z', now, 'en')).toBe('5 minutes ago');
    expect(formatRelativeTime('2026-11-27T11:59:50.000Z', now, 'en')).toBe('now');
  });

  it('calls a session used in the last two minutes active now', () => {
    expect(formatLastActive('2026-11-27T11:59:00.000Z', now, 'en')).toBe('Active now');
    expect(formatLastActive('2026-11-27T09:00:00.000Z', now, 'en')).toBe('3 hours ago');
  });

  it('words waits for people', () => {
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(30)).toBe('30 seconds');
    expect(formatDuration(61)).toBe('2 minutes');
    expect(formatDuration(900)).toBe('15 minutes');
    expect(formatDuration(3600)).toBe('1 hour');
  });
});
