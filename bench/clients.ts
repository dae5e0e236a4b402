/**
 * Part 5: gzipped sizes of the built client bundles, read from dist/. The popup's figure is the
 * JavaScript popup.html loads: its module scripts, their modulepreloads and static imports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/child.ts';

export interface BundleRow {
  name: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

function gzipSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** JavaScript an HTML page loads, following static imports between the built chunks. */
function scriptsOfPage(htmlPath: string): string[] {
  const base = dirname(htmlPath);
  const html = readFileSync(htmlPath, 'utf8');
  const queue = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((match) =>
    resolve(base, (match[1] as string).replace(/^\//, './')),
  );
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/(?:import|export)\s*(?:[\w${}\s,*]*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(resolve(dirname(file), match[1] as string));
    }
  }
  return [...seen];
}

function row(name: string, files: string[]): BundleRow {
  return {
    name,
    files: files.map((file) => relative(ROOT, file)),
    rawBytes: files.reduce((sum, file) => sum + readFileSync(file).length, 0),
    gzipBytes: files.reduce((sum, file) => sum + gzipSize(file), 0),
  };
}

export function measureClients(): BundleRow[] {
  const rows: BundleRow[] = [];
  const dashboardAssets = join(ROOT, 'dist/dashboard/assets');
  if (existsSync(dashboardAssets)) {
    const files = readdirSync(dashboardAssets)
      .filter((name) => name.endsWith('.js'))
      .map((name) => join(dashboardAssets, name));
    rows.push(row('dashboard (all of dist/dashboard/assets/*.js)', files));
  }
  const popup = join(ROOT, 'dist/extension/popup.html');
  if (existsSync(popup)) rows.push(row('extension popup (JS loaded by popup.html)', scriptsOfPage(popup)));
  return rows;
}
