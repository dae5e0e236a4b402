import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { classesUsedFrom, withoutUnusedRules } from './element/unused-css.ts';

const ENTRY = fileURLToPath(new URL('./element/session-control-devices.tsx', import.meta.url));

/** Leaves the shared stylesheet's rules for what the element never shows out of its file. */
function onlyUsedStyles(): Plugin {
  const used = classesUsedFrom(ENTRY);
  return {
    name: 'session-control-element-css',
    enforce: 'pre',
    transform(code, id) {
      return id.includes('/shared/ui/styles.css') ? withoutUnusedRules(code, used) : null;
    },
  };
}

// <session-control-devices> as one ES module file (Preact and the client inside) for any page.
export default defineConfig({
  publicDir: false,
  plugins: [onlyUsedStyles(), preact()],
  build: {
    lib: {
      entry: ENTRY,
      formats: ['es'],
      fileName: () => 'session-control-devices.js',
    },
    outDir: fileURLToPath(new URL('./dist/element', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    // Lib mode keeps an ES build's whitespace by default; one file for a page is better small.
    rolldownOptions: { output: { minify: true } },
    sourcemap: false,
  },
});
