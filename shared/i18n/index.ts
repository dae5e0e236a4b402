/**
 * Every sentence the page, the popup, the options page and the background worker show, in the
 * language chosen once at start-up. Components read `t` when they render; each host calls
 * `chooseBrowserLocale()` before its first render. English until then, so tests see English.
 */
import type { Catalog, Locale } from './catalog.ts';
import { de } from './de/index.ts';
import { en } from './en/index.ts';

export type { Catalog, Locale } from './catalog.ts';

const CATALOGS: Record<Locale, Catalog> = { en, de };

/** The chosen language's catalog; its contents change in place when the language is set. */
export const t: Catalog = { ...en };

let current: Locale = 'en';

/** The first of the browser's languages that ships (`de-AT` is German), else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'de' || base === 'en') return base;
  }
  return 'en';
}

/** Switches `t` to `locale`; what renders afterwards says it in that language. */
export function setLocale(locale: Locale): void {
  Object.assign(t, CATALOGS[locale]);
  current = locale;
}

/** The language `t` speaks, for Intl formatting inside its sentences ("vor 3 Stunden"). */
export function currentLocale(): Locale {
  return current;
}

/** Picks the language from the browser's (navigator.languages), for a host's start-up. */
export function chooseBrowserLocale(): Locale {
  const languages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  const locale = pickLocale(languages);
  setLocale(locale);
  return locale;
}
