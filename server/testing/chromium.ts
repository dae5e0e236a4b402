/** Debian's Chromium, and the flags that keep it quiet and deterministic in a container. */
export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];
