/**
 * The `workers` project: tests that run inside workerd (the Workers runtime) against the real
 * Worker entry (wrangler.toml `main`). The Worker reaches a libSQL file through a Hrana test server
 * and a fake of Resend and of a Twilio-shaped SMS API, all started on 127.0.0.1 by
 * test/workers/setup/global-setup.ts and handed over as bindings.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { MAIL_FROM, PUBLIC_URL, SMS, TOKEN_SECRET } from './test/workers/constants.ts';

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
          SMS_PROVIDER: 'twilio',
          SMS_ACCOUNT_SID: SMS.accountSid,
          SMS_AUTH_TOKEN: SMS.authToken,
          SMS_FROM: SMS.from,
          SMS_BASE_URL: inject('smsUrl'),
          EXTENSION_ORIGINS: '',
          // wrangler.toml deploys with ORG_CREATION = "nobody"; the tests make their organizations
          // through the API (test/workers/worker.test.ts checks "nobody" on a runtime of its own).
          ORG_CREATION: 'anyone',
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
    // The pool runs every module through Vite's module runner, where scrypt's hot loop calls
    // helpers through module-namespace getters and runs about 8 times slower than in workerd
    // itself; pre-bundling it restores the real speed (a sign-in costs one hash).
    deps: { optimizer: { ssr: { enabled: true, include: ['@noble/hashes/scrypt.js'] } } },
  },
});
