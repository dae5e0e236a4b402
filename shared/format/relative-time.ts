/**
 * Times for people: "3 hours ago", "Active now", and the exact time for a tooltip. Pure
 * functions of (time, now, locale) so they are tested without a clock. Without a locale they
 * speak the catalog's language, so that the words fit the sentence around them.
 */
import { currentLocale, t } from '../i18n/index.ts';

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** Within this many seconds a session counts as in use right now. */
export const ACTIVE_NOW_SECONDS = 120;

/** "3 hours ago", "yesterday", "in 2 days": the largest whole unit between `iso` and `nowMs`. */
export function formatRelativeTime(iso: string, nowMs: number, locale: string = currentLocale()): string {
  const seconds = Math.round((Date.parse(iso) - nowMs) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(seconds) < 45) return format.format(0, 'second');
  for (const [unit, unitSeconds] of UNITS) {
    if (Math.abs(seconds) >= unitSeconds) return format.format(Math.round(seconds / unitSeconds), unit);
  }
  return format.format(0, 'second');
}

/** "Active now" for a session used in the last two minutes, else its relative last use. */
export function formatLastActive(iso: string, nowMs: number, locale: string = currentLocale()): string {
  if (nowMs - Date.parse(iso) < ACTIVE_NOW_SECONDS * 1000) return t.activeNow;
  return formatRelativeTime(iso, nowMs, locale);
}

/** The exact local date and time, e.g. "27 Nov 2026, 10:00". */
export function formatExactTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A wait for people: "30 seconds", "5 minutes", "2 hours" (rounded up, at least one). */
export function formatDuration(seconds: number, locale: string = currentLocale()): string {
  const words = (count: number, unit: 'second' | 'minute' | 'hour'): string =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(count);
  if (seconds < 60) return words(Math.max(1, seconds), 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return words(minutes, 'minute');
  return words(Math.ceil(minutes / 60), 'hour');
}
