/**
 * The package as a user gets it: `npm pack` of the built tree (run `npm run build:server` and
 * `npm run build:element` first; `npm test` builds everything), installed into a fresh folder
 * with `npm install ./session-control-x.y.z.tgz`. Dependencies come from the npm cache where it
 * has them (`--prefer-offline`). Install scripts are skipped and better-sqlite3's native binding
 * is copied from this checkout instead (the same version, built for this Node): compiling it
 * would cost about two minutes of a 2-core machine on every run.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const BINDING = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

/** Packs this checkout into `into` and returns the tarball's path. */
export async function packPackage(into: string): Promise<string> {
  for (const built of ['dist/node/server/index.js', 'dist/element/session-control-devices.js']) {
    if (!existsSync(join(ROOT_DIR, built))) throw new Error(`${built} is missing: run npm run build first.`);
  }
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', into], {
    cwd: ROOT_DIR,
  });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (packed === undefined) throw new Error('npm pack wrote no tarball');
  return join(into, packed.filename);
}

/**
 * A new folder holding `files` (path → content) and a package.json depending on the packed
 * tarball and on `dependencies`, installed. Returns the folder.
 */
export async function installPackedPackage(options: {
  files?: Record<string, string>;
  dependencies?: Record<string, string>;
  name?: string;
}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `${options.name ?? 'sc-package'}-`));
  const tarball = await packPackage(dir);
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const manifestPath = join(dir, 'package.json');
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>)
    : { name: 'package-user', private: true, type: 'module' };
  manifest.dependencies = {
    ...(manifest.dependencies as Record<string, string> | undefined),
    ...options.dependencies,
    'session-control': `file:./${tarball.slice(dir.length + 1)}`,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  mkdirSync(dirname(join(dir, BINDING)), { recursive: true });
  copyFileSync(join(ROOT_DIR, BINDING), join(dir, BINDING));
  return dir;
}
