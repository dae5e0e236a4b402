import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The account security page, served by the server from dist/dashboard under a strict CSP:
// no inline scripts or styles, so everything lands in /assets/ files.
export default defineConfig({
  root: fileURLToPath(new URL('./dashboard', import.meta.url)),
  base: '/',
  publicDir: false,
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Single entry, so the modulepreload polyfill is dead weight.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
