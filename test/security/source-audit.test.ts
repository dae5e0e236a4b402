/**
 * Attack surfaces that do not exist, checked in the source so that they cannot appear unnoticed:
 * window messaging (postMessage) and HTML injection sinks in the dashboard, popup and shared UI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const CLIENT_CODE = ['dashboard', 'extension', 'shared'].flatMap(sourceFiles);

describe('client code', () => {
  it('cross-window messaging: no page sends or listens to postMessage, so no foreign window can talk to one', () => {
    expect(CLIENT_CODE.length).toBeGreaterThan(10);
    const hits = CLIENT_CODE.filter((file) =>
      /addEventListener\(\s*['"]message['"]|\bonmessage\s*=|\.postMessage\(/.test(
        readFileSync(join(ROOT, file), 'utf8'),
      ),
    );
    expect(hits).toEqual([]);
  });

  it('HTML injection: no client code writes markup from data (innerHTML, insertAdjacentHTML, document.write…)', () => {
    const hits = CLIENT_CODE.filter((file) =>
      /\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(|dangerouslySetInnerHTML/.test(
        readFileSync(join(ROOT, file), 'utf8'),
      ),
    );
    expect(hits).toEqual([]);
  });

  it('tokens in URLs: no client code puts a token into a query string', () => {
    const hits = CLIENT_CODE.filter((file) =>
      /[?&](access_token|refresh_token|token)=/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(hits).toEqual([]);
  });
});
