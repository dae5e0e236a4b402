/**
 * docs/security.md names, for every requirement, the test that proves it. This keeps the promise
 * honest: every named test must exist in the named file (vitest then runs it with the rest).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
const REFERENCE = /`([\w./-]+\.tsx?)` › `([^`]+)`/g;

/** Test and describe titles of a file, as patterns (`${…}` in a template title matches anything). */
function titlePatterns(file: string): RegExp[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const patterns: RegExp[] = [];
  for (const match of source.matchAll(/\b(?:it|test)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
    const raw = (match[2] ?? '').replace(/\\(['"`\\])/g, '$1');
    const escaped = raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\$\\\{[^}]*\\\}/g, '.+');
    patterns.push(new RegExp(`^${escaped}$`));
  }
  return patterns;
}

describe('docs/security.md', () => {
  const references = [...DOC.matchAll(REFERENCE)].map((match) => ({ file: match[1] ?? '', title: match[2] ?? '' }));

  it('names tests for its requirements (a proof column that is not empty)', () => {
    expect(references.length).toBeGreaterThan(60);
  });

  it('names only tests that exist, in the files it says', () => {
    const missing: string[] = [];
    const cache = new Map<string, RegExp[]>();
    for (const { file, title } of references) {
      if (!existsSync(join(ROOT, file))) {
        missing.push(`${file} (no such file)`);
        continue;
      }
      const patterns = cache.get(file) ?? titlePatterns(file);
      cache.set(file, patterns);
      if (!patterns.some((pattern) => pattern.test(title))) missing.push(`${file} › ${title}`);
    }
    expect(missing).toEqual([]);
  });
});
