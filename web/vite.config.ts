import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:8080';

/**
 * The SOC console. Run from the repository root:
 *   vite build --config web/vite.config.ts   -> web/dist (served by the node at /)
 *   vite --config web/vite.config.ts         -> dev server; /api (HTTP and WebSocket) goes to a node on :8080
 * JSX goes through Vite 8's built-in Oxc transform with the automatic runtime,
 * so no React plugin is needed (and there is no fast refresh).
 */
export default defineConfig({
  root: webDir,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // cytoscape alone is ~400 kB minified; one chunk is fine for a console.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: api, ws: true, changeOrigin: false },
    },
  },
});
