import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // Tests inside workerd (the Workers runtime) through @cloudflare/vitest-pool-workers.
      './vitest.workers.config.ts',
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: ['test/unit/extension/**'],
          environment: 'node',
        },
      },
      {
        // The extension's modules with WXT's fakeBrowser.
        plugins: [WxtVitest()],
        test: {
          name: 'extension',
          include: ['test/unit/extension/**/*.test.ts'],
          setupFiles: ['test/unit/extension/i18n-setup.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'robustness',
          include: ['test/robustness/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
