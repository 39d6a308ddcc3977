// The bindings the workers project gives the Worker and its tests (vitest.workers.config.ts).
declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    PUBLIC_URL: string;
    TOKEN_SECRET: string;
    RESEND_API_KEY: string;
    RESEND_BASE_URL: string;
    MAIL_FROM: string;
    EXTENSION_ORIGINS: string;
    /** The Node-side control server of the Resend fake (setup/global-setup.ts). */
    TEST_CONTROL_URL: string;
  }
}
