/**
 * The `workers` project: tests that run inside workerd (the Workers runtime) against the real Worker entry
 * (wrangler.toml `main`). The Worker reaches a libSQL file through a Hrana test server and a fake of
 * Resend, both started on 127.0.0.1 by test/workers/setup/global-setup.ts and handed over as bindings.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { MAIL_FROM, PUBLIC_URL, TOKEN_SECRET } from './test/workers/constants.ts';

export default defineProject({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          DATABASE_URL: inject('hranaUrl'),
          PUBLIC_URL,
          TOKEN_SECRET,
          RESEND_API_KEY: 're_test',
          RESEND_BASE_URL: inject('resendUrl'),
          MAIL_FROM,
          EXTENSION_ORIGINS: '',
          TEST_CONTROL_URL: inject('controlUrl'),
        },
      },
    })),
  ],
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    globalSetup: ['test/workers/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One database and one mail fake serve every file: run the files one after another.
    fileParallelism: false,
    deps: { optimizer: { ssr: { enabled: true, include: ["@noble/hashes/scrypt.js"] } } },
  },
});
