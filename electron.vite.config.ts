// One build for the three Electron targets. The `main` target also builds the `clipdesk`
// CLI (cli.js), which the headless host shares code with; the renderer build is the one
// both the Electron window and the headless host serve.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * `npm run dev` only: Vite's dev server injects inline styles, React's refresh preamble and a
 * hot-reload socket, which the strict policy in index.html forbids. Relax it for the dev
 * server alone; built output (what ships and what the tests load) keeps the strict one.
 */
function devOnlyCsp(): Plugin {
  return {
    name: 'clipdesk-dev-only-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/desktop/main.ts'),
          cli: resolve(__dirname, 'src-main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload may only require('electron'): one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), devOnlyCsp()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves output unminified by default; the renderer has a size budget
      // (docs/architecture.md §6: under 400 KB of JavaScript gzipped) and is also served over
      // HTTP.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
