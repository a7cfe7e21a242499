import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The service serves dist/ same-origin with the API; `npm run dev` proxies /api to a local
// service (API_URL, default http://127.0.0.1:8000) so cookies stay first-party.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:8000', changeOrigin: false } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
