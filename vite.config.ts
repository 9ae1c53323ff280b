/**
 * Vite builds the browser app from web/ into web/dist, which the Fastify server serves
 * (falling back to index.html for paths outside /api). In development, `npx vite` serves
 * the app and forwards /api (and the neutral quick-exit page) to the server on port 3000.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./web/dist', import.meta.url)),
    emptyOutDir: true,
    // Field phones are slow: no source maps shipped, modern browsers only.
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/weather': { target: server, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/weather': { target: server, changeOrigin: false },
    },
  },
});
