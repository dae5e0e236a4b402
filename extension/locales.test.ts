// Issue 13 point 9 (the part done): the extension's name, description and toolbar title come from
// _locales, and English and German ship the same keys, none empty.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Messages = Record<string, { message: string; description?: string }>;

const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const english = read('../_locales/en/messages.json') as Messages;
const german = read('../_locales/de/messages.json') as Messages;
const manifest = read('../manifest.json') as { name: string; description: string; default_locale: string };

describe('extension locales', () => {
  it('has every key in English and German, each with a message', () => {
    expect(Object.keys(german).sort()).toEqual(Object.keys(english).sort());
    for (const messages of [english, german]) {
      for (const [key, entry] of Object.entries(messages)) expect(entry.message.trim(), key).not.toBe('');
    }
  });

  it('names and describes the extension from the catalog, in English by default', () => {
    expect(manifest.default_locale).toBe('en');
    const used = [...JSON.stringify(manifest).matchAll(/__MSG_(\w+)__/g)].map((match) => match[1] ?? '');
    expect(used).toEqual(expect.arrayContaining(['extName', 'extDescription']));
    for (const key of used) expect(Object.keys(english)).toContain(key);
    expect(german.extDescription?.message).toBe(
      'Sehen Sie jedes Gerät, auf dem Sie angemeldet sind, und beenden Sie jede Sitzung.',
    );
  });
});
