// `npm run build:firefox`: builds the Firefox variant of the extension into dist/extension-firefox
// (same sources, a manifest with a gecko id and an event page instead of a service worker, and
// header-mode authentication; see docs/extension.md), then lints it with web-ext so that a
// build Firefox would refuse fails here. Pass --no-lint to build only.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const rootDir = fileURLToPath(new URL('../', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/extension-firefox/', import.meta.url));

process.env.SESSION_CONTROL_BROWSER = 'firefox';
await build({ configFile: fileURLToPath(new URL('../vite.extension.config.ts', import.meta.url)), root: rootDir });

const manifest = JSON.parse(readFileSync(new URL('manifest.json', `file://${outDir}`), 'utf8'));
const problems = [];
if (!manifest.browser_specific_settings?.gecko?.id) problems.push('no browser_specific_settings.gecko.id');
if (!Array.isArray(manifest.background?.scripts)) problems.push('no background.scripts');
if (manifest.background?.service_worker !== undefined) problems.push('background.service_worker is set');
if (manifest.key !== undefined) problems.push('the Chrome key is still there');
if (problems.length > 0) {
  console.error(`dist/extension-firefox/manifest.json is not a Firefox manifest: ${problems.join('; ')}`);
  process.exit(1);
}

if (!process.argv.includes('--no-lint')) {
  const lint = spawnSync('npx', ['web-ext', 'lint', '--source-dir', outDir, '--no-config-discovery'], {
    cwd: rootDir,
    stdio: 'inherit',
  });
  if (lint.status !== 0) {
    console.error('web-ext lint found errors in dist/extension-firefox.');
    process.exit(lint.status ?? 1);
  }
}
