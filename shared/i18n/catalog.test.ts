// Issue 13 point 9: English and German ship complete, chosen from the browser's language.
import { afterEach, describe, expect, it } from 'vitest';
import { de } from './de/index.ts';
import { en } from './en/index.ts';
import { currentLocale, pickLocale, setLocale, t } from './index.ts';

/** Every key path of a catalog, nested objects included ("pageTitles.home"). */
function keyPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, entry]) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? keyPaths(entry, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function valueAt(catalog: object, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], catalog);
}

afterEach(() => setLocale('en'));

describe('the catalogs', () => {
  it('has every English key in German and no other', () => {
    expect(keyPaths(de).sort()).toEqual(keyPaths(en).sort());
  });

  it('says something in every entry of both languages, of the same kind as English', () => {
    for (const path of keyPaths(en)) {
      const english = valueAt(en, path);
      const german = valueAt(de, path);
      expect(typeof german, path).toBe(typeof english);
      const sample = (value: unknown): string =>
        typeof value === 'function' ? String(value(2, 'x')) : Array.isArray(value) ? value.join(' ') : String(value);
      expect(sample(german).trim(), path).not.toBe('');
      expect(sample(english).trim(), path).not.toBe('');
    }
  });

  it('counts in each language', () => {
    expect(en.otherDevicesSignedIn(1)).toBe('1 other device signed in');
    expect(en.otherDevicesSignedIn(3)).toBe('3 other devices signed in');
    expect(de.otherDevicesSignedIn(1)).toBe('1 anderes Gerät angemeldet');
    expect(de.otherDevicesSignedIn(3)).toBe('3 andere Geräte angemeldet');
  });
});

describe('pickLocale', () => {
  it('picks German for any German browser language and English otherwise', () => {
    expect(pickLocale(['de-DE', 'en-US'])).toBe('de');
    expect(pickLocale(['de-AT'])).toBe('de');
    expect(pickLocale(['DE'])).toBe('de');
    expect(pickLocale(['fr-FR', 'de-CH'])).toBe('de');
    expect(pickLocale(['en-GB', 'de-DE'])).toBe('en');
    expect(pickLocale(['fr-FR', 'ja'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});

describe('t', () => {
  it('speaks English until a host sets the language, then that language', () => {
    expect(t.signOut).toBe('Sign out');
    setLocale('de');
    expect(t.signOut).toBe('Abmelden');
    expect(t.thisDevice).toBe('Dieses Gerät');
    expect(currentLocale()).toBe('de');
    setLocale('en');
    expect(t.signOut).toBe('Sign out');
  });
});
