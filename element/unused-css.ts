/**
 * Build-time only (vite.element.config.ts): the shared stylesheet styles the whole dashboard and
 * popup, and the element shows only the device list. Rules for classes that no module of the
 * element uses (the history, the sign-in and password forms…) are left out of its one file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Every `sc-…` class named in the modules reachable from `entry` by relative imports. */
export function classesUsedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const classes = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\bsc-[a-z0-9-]+/g)) classes.add(match[0]);
    for (const match of source.matchAll(/from '(\.{1,2}\/[^']+\.tsx?)'/g)) {
      visit(resolve(dirname(file), match[1] ?? ''));
    }
  };
  visit(entry);
  return classes;
}

/** One top-level block of a stylesheet: its prelude (selector or at-rule) and its body. */
function blocks(css: string): { prelude: string; body: string }[] {
  const found: { prelude: string; body: string }[] = [];
  let depth = 0;
  let start = 0;
  let open = 0;
  for (let index = 0; index < css.length; index++) {
    const char = css[index];
    if (char === '{') {
      if (depth === 0) open = index;
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) {
        found.push({ prelude: css.slice(start, open).trim(), body: css.slice(open + 1, index) });
        start = index + 1;
      }
    }
  }
  return found;
}

/** `css` without the rules whose every selector names a class outside `used`. */
export function withoutUnusedRules(css: string, used: ReadonlySet<string>): string {
  const stripped = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return blocks(stripped)
    .map(({ prelude, body }) => {
      if (prelude.startsWith('@media') || prelude.startsWith('@supports')) {
        const inner = withoutUnusedRules(body, used);
        return inner.trim() === '' ? '' : `${prelude}{${inner}}`;
      }
      if (prelude.startsWith('@')) return `${prelude}{${body}}`;
      const selectors = prelude.split(',').filter((selector) => {
        const named = selector.match(/\.sc-[a-z0-9-]+/g) ?? [];
        return named.every((name) => used.has(name.slice(1)));
      });
      return selectors.length === 0 ? '' : `${selectors.join(',')}{${body}}`;
    })
    .filter((rule) => rule !== '')
    .join('\n');
}
