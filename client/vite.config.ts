import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build` writes client/dist, which the server serves. For live client work run the server
// (`npm run dev`) and `npx vite client`: the dev server proxies API and sync traffic to port 3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // The big libraries in chunks of their own: the browser parses each on its own background thread,
        // in parallel, instead of one 600 kB chunk on one thread (the app's start waited on that parse).
        codeSplitting: {
          groups: [
            { name: 'react-dom', test: /node_modules[\\/](react-dom|scheduler)[\\/]/ },
            { name: 'konva', test: /node_modules[\\/]konva[\\/]/ },
            { name: 'react-konva', test: /node_modules[\\/](react-reconciler|react-konva|its-fine)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/sync': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
