/** The Hono environment, typed once: the services every handler reaches through `c.var`. */
import type { Context } from 'hono';
import type { Role } from '../../shared/api/common';
import type { OrgSettings } from '../../shared/api/orgs';
import type { Db } from './db/client';
import type { Drainer } from './mail/outbox';
import type { RateLimiter } from './lib/rate-limit';
import type { SessionUser } from './features/accounts/sessions';
import type { PasswordHasher } from './lib/password';
import type { TokenKit } from './lib/tokens';
import type { MailboxStore } from './mail/local-mailbox';
import type { EmailTransport, SmsTransport } from './mail/transport';
import type { WebhookDrainer } from './features/webhooks/deliver';

/** Messages an organization may send an hour and a day (features/organizations/quota.ts). */
export interface Quota {
  perHour: number;
  perDay: number;
}

export interface AppConfig {
  /** Base of links, pages and the login address, without a trailing slash. */
  publicUrl: string;
  /**
   * Who may create organizations: any signed-in account, or only the server's operator (`npm run
   * org:create`).
   */
  orgCreation: 'anyone' | 'nobody';
  /** Messages an organization may send, unless its operator set its own (features/organizations/quota.ts). */
  messageQuota: Quota;
  /** Origins CORS admits besides the server's own. */
  extensionOrigins: string[];
  /**
   * Local mode (config.ts `localMode`: no provider, a loopback PUBLIC_URL): only then is there a
   * local mailbox, and may a request name any loopback host besides PUBLIC_URL's
   * (http/middleware/host.ts, http/middleware/csrf.ts).
   */
  localMode: boolean;
  /**
   * The secrets delivery reports are signed with (features/delivery/webhooks-api.ts); a route
   * without its secret answers 404.
   */
  webhooks?: {
    /** RESEND_WEBHOOK_SECRET: `whsec_…` from Resend's webhook settings. */
    resendSecret?: string;
    /** SMS_AUTH_TOKEN, with which Twilio signs its status callbacks. */
    smsAuthToken?: string;
  };
}

export interface Services {
  db: Db;
  config: AppConfig;
  tokens: TokenKit;
  passwords: PasswordHasher;
  /** Milliseconds since the epoch; tests move it. */
  now: () => number;
  email: EmailTransport;
  sms: SmsTransport;
  /** The local mailbox's store, in local mode only (where mail and SMS go); shown at /dev/mail. */
  mailbox: MailboxStore | null;
  rateLimiter: RateLimiter;
  /** The outbox's drainer; its `kick` also drives webhook deliveries (`webhooks`). */
  outbox: Drainer;
  /** Webhook deliveries (features/webhooks/deliver.ts). */
  webhooks: WebhookDrainer;
  /** The client's address, for rate limits. */
  clientIp: (c: Context) => string;
  /** Keeps work that is already running alive after the response (Workers: waitUntil). */
  background: (c: Context, task: Promise<unknown>) => void;
  /**
   * Starts work once the response is ready (app.ts runs it after the handler), so what the request
   * does not need never shares its round trips to the database; outside a request it starts now.
   */
  afterResponse: (c: Context, task: () => Promise<unknown>) => void;
  /**
   * Starts delivering the outbox after a change that queued messages (call it after the batch
   * commits).
   */
  deliverSoon: (c: Context) => void;
  log: (line: string) => void;
}

export interface AuthState {
  sessionId: string;
  /** When the session began (its sign-in). */
  sessionStartedAt: number;
  user: SessionUser;
  /**
   * Set when an API key calls (features/api-keys/): it acts for its creator (`user`) in its own
   * role, on its organization's routes only; `sessionId` is then ''.
   */
  apiKey: { id: string; name: string } | null;
}

export interface OrgState {
  id: string;
  name: string;
  slug: string;
  settings: OrgSettings;
  /**
   * The organization's message quota as its operator set it (null: the server's,
   * `config.messageQuota`).
   */
  messagesPerHour: number | null;
  messagesPerDay: number | null;
  /** The uploaded logo's version (features/organizations/branding.ts); null: none. */
  logoEtag?: string | null;
  role: Role;
  createdAt: number;
}

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    auth: AuthState;
    org: OrgState;
    /**
     * Work `afterResponse` queued, started by app.ts once the handler has answered (null from then
     * on: later work starts at once).
     */
    afterResponse: Array<() => Promise<unknown>> | null;
    /** Set by `requireBearer`: input is refused only after the caller is admitted. */
    admitBeforeRefusingInput?: boolean;
    /** A hosted page's logo at another origin, which its CSP admits (features/organizations/branding.ts). */
    brandImageOrigin?: string;
  };
}

export type AppContext = Context<AppEnv>;
