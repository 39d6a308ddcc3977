// The bindings the workers project gives the Worker and its tests (vitest.workers.config.ts).
declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    PUBLIC_URL: string;
    TOKEN_SECRET: string;
    RESEND_API_KEY: string;
    RESEND_BASE_URL: string;
    MAIL_FROM: string;
    SMS_PROVIDER: string;
    SMS_ACCOUNT_SID: string;
    SMS_AUTH_TOKEN: string;
    SMS_FROM: string;
    SMS_BASE_URL: string;
    EXTENSION_ORIGINS: string;
    /** The Node-side control server of the provider fakes (setup/global-setup.ts). */
    TEST_CONTROL_URL: string;
  }
}
