import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// <session-control-devices> as one ES module file (Preact and the client inside) for any page.
export default defineConfig({
  publicDir: false,
  plugins: [preact()],
  build: {
    lib: {
      entry: fileURLToPath(new URL('./element/session-control-devices.tsx', import.meta.url)),
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
