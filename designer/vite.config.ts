import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const designerRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const apiTarget = process.env.DESIGNER_API_URL ?? 'http://127.0.0.1:3000';

const toApi: ProxyOptions = { target: apiTarget, changeOrigin: false };
/** `/outbox` is both a designer page and an API path: page loads stay here, data goes to the API. */
const outboxProxy: ProxyOptions = {
  ...toApi,
  bypass: (req) => (req.headers.accept?.includes('text/html') ? req.url : undefined),
};

export default defineConfig({
  root: designerRoot,
  plugins: [react()],
  // The designer imports the shared campaign model from ../flow (see README.md).
  resolve: { dedupe: ['react', 'react-dom'] },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { '/api': toApi, '/outbox': outboxProxy, '/health': toApi, '/docs': toApi },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // ELK (1.5 MB) is its own chunk, loaded only when Auto-layout is first used.
    chunkSizeWarningLimit: 1600,
  },
});
