import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: '@', replacement: here('.') },
      // Tests run server modules outside Next: 'server-only' is its own no-op, as Next's server
      // layers (and the worker's react-server condition) resolve it; only client bundles fail on it.
      { find: /^server-only$/, replacement: here('node_modules/server-only/empty.js') },
    ],
  },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'e2e/**', '.data/**', '.next/**'],
    globalSetup: ['scripts/test-setup/global-setup.ts'],
    setupFiles: ['scripts/test-setup/per-file.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn' },
  },
});
