// Builds the browser extension. `vite build --config vite.extension.config.ts` makes the Chrome
// build in dist/extension; extension/build-firefox.mjs runs the same config with
// SESSION_CONTROL_BROWSER=firefox for dist/extension-firefox.
import { fileURLToPath } from 'node:url';
import { crx } from '@crxjs/vite-plugin';
import type { CrxPlugin, ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };

type TargetBrowser = 'chrome' | 'firefox';

const browser: TargetBrowser = process.env.SESSION_CONTROL_BROWSER === 'firefox' ? 'firefox' : 'chrome';

/** Firefox id for the add-on; Chrome's id comes from `key` instead. */
const GECKO_ID = 'session-control@example.org';

/** Pages that should sit at the root of the built extension, as `popup.html` and `options.html`. */
const PAGES_AT_ROOT: Record<string, string> = {
  'extension/popup/popup.html': 'popup.html',
  'extension/options/options.html': 'options.html',
};

function manifestFor(target: TargetBrowser): ManifestV3Export {
  if (target === 'chrome') return baseManifest as ManifestV3Export;
  const { key: _key, minimum_chrome_version: _minimumChromeVersion, background, ...rest } = baseManifest;
  return {
    ...rest,
    // Firefox MV3 runs background code as an event page, not a service worker.
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      // 140 (ESR) and 142 on Android are the first to know data_collection_permissions; nothing is
      // collected: the extension talks only to the person's own Session Control server.
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    },
  } as ManifestV3Export;
}

/**
 * Moves the HTML pages from their source folders to the root of the build, so that the popup is
 * chrome-extension://<id>/popup.html, and points the manifest at them. Assets are referenced by
 * absolute paths (/assets/...), so moving the HTML does not break them.
 */
function pagesAtRoot(): CrxPlugin {
  return {
    name: 'session-control:pages-at-root',
    // A @crxjs hook: runs inside its generateBundle, after the pages are built and before the
    // manifest is written.
    renderCrxManifest(manifest, bundle) {
      for (const [from, to] of Object.entries(PAGES_AT_ROOT)) {
        const page = bundle[from];
        if (page === undefined || page.type !== 'asset') throw new Error(`pages-at-root: ${from} was not built`);
        delete bundle[from];
        this.emitFile({ type: 'asset', fileName: to, source: page.source });
      }
      const popup = manifest.action?.default_popup;
      if (manifest.action && popup !== undefined) manifest.action.default_popup = PAGES_AT_ROOT[popup] ?? popup;
      const options = manifest.options_ui?.page;
      if (manifest.options_ui && options !== undefined) manifest.options_ui.page = PAGES_AT_ROOT[options] ?? options;
      return manifest;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact(), crx({ manifest: manifestFor(browser), browser }), pagesAtRoot()],
  define: {
    __SESSION_CONTROL_AUTH_MODE__: JSON.stringify(browser === 'firefox' ? 'header' : 'cookie'),
    __SESSION_CONTROL_BROWSER__: JSON.stringify(browser),
  },
  build: {
    outDir: fileURLToPath(
      new URL(browser === 'firefox' ? './dist/extension-firefox' : './dist/extension', import.meta.url),
    ),
    emptyOutDir: true,
    // <link rel="modulepreload"> lets the popup fetch its chunks at once instead of one after the
    // other; Chrome and Firefox support it natively, so the polyfill stays out.
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});
