import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * main.tsx imports the app (render.tsx) dynamically, after starting a board's sync; this lets the browser
 * fetch that chunk in parallel with the entry instead of after it: one `<link rel="modulepreload">` per
 * chunk the entry imports dynamically (and their static imports).
 */
function preloadDynamicImports(): Plugin {
  return {
    name: 'plenary:preload-dynamic-imports',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const entry = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
        if (!entry || entry.type !== 'chunk') return [];
        const files = new Set<string>();
        const add = (file: string): void => {
          const chunk = bundle[file];
          if (!chunk || chunk.type !== 'chunk' || files.has(file) || file === entry.fileName) return;
          files.add(file);
          for (const imported of chunk.imports) add(imported);
        };
        for (const file of entry.dynamicImports) add(file);
        return [...files].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

// `npm run build` writes client/dist, which the server serves. For live client work run the server
// (`npm run dev`) and `npx vite client`: the dev server proxies API and sync traffic to port 3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), preloadDynamicImports()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/sync': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
