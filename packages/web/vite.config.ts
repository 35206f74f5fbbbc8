// Vite builds the dashboard into packages/web/dist; `vite` (dev) proxies /api to `anju serve` on 127.0.0.1:8080.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // bench/web-size.js reads the manifest to sum the entry chunk and its static imports.
    manifest: true,
    chunkSizeWarningLimit: 1024,
  },
});
