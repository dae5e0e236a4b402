/**
 * The one plain sentence `npm start` ends with, for a person at the terminal: where to open the
 * app and where the extensions were built. It goes to stderr, so stdout stays one JSON log
 * line per event for whatever collects the logs.
 */
import { existsSync } from 'node:fs';

/** The sentence for a server at `url`, naming only the extension builds that exist. */
export function startupLine(url: string, exists: (path: string) => boolean = existsSync): string {
  const chrome = exists('dist/extension/manifest.json')
    ? ' — the Chrome extension is in dist/extension (load it unpacked)'
    : '';
  let firefox = '';
  if (exists('dist/extension-firefox/manifest.json')) {
    firefox = chrome
      ? ', the Firefox build in dist/extension-firefox'
      : ' — the Firefox build is in dist/extension-firefox';
  } else if (chrome) {
    firefox = '; npm run build:firefox builds the Firefox one';
  }
  return `Session Control is running at ${url}${chrome}${firefox}`;
}
