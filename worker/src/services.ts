/** Builds the services the app runs on from what an entry (Node, Worker, a test) provides. */
import { clientNetwork } from './lib/client-address';
import type { Context } from 'hono';
import type { Db } from './db/client';
import { createDrainer, type Drainer } from './mail/outbox';
import { createWebhookDrainer } from './features/webhooks/deliver';
import { memoryRateLimiter, type RateLimiter } from './lib/rate-limit';
import type { AppConfig, AppEnv, Services } from './env';
import { createPasswordHasher, type ScryptFn, type ScryptParams } from './lib/password';
import { createTokenKit } from './lib/tokens';
import { localMailbox, type MailboxStore } from './mail/local-mailbox';
import type { MessageRegistry } from './mail/messages';
import { MESSAGES } from './message-registry';
import type { EmailTransport, SmsTransport } from './mail/transport';
import { unconfiguredTransport } from './mail/unconfigured';

export interface ServiceInput {
  db: Db;
  config: AppConfig;
  tokenSecret: string;
  scrypt: ScryptFn;
  scryptParams?: ScryptParams;
  now?: () => number;
  /**
   * The providers. A channel without one goes to the local mailbox when there is one, else fails
   * every message with a recorded reason (mail/unconfigured.ts).
   */
  email?: EmailTransport;
  sms?: SmsTransport;
  /**
   * The local mailbox, given only in local mode (`config.localMode`, decided by config.ts
   * `localMode`).
   */
  mailbox?: MailboxStore;
  rateLimiter?: RateLimiter;
  clientIp?: (c: Context) => string;
  background?: (c: Context, task: Promise<unknown>) => void;
  log?: (line: string) => void;
  messages?: MessageRegistry;
  /** How long a claim on an outbox message lasts (default 60 s). */
  outboxLeaseMs?: number;
  /** How webhooks are sent (default: the global `fetch`). */
  fetch?: typeof fetch;
  /** Deliver right after each change (default); tests that step through delivery turn it off. */
  autoDeliver?: boolean;
}

export function createServices(input: ServiceInput): Services {
  const now = input.now ?? (() => Date.now());
  const log = input.log ?? ((line: string) => console.log(line));
  if (input.mailbox && !input.config.localMode)
    throw new Error('The local mailbox exists only in local mode');
  const local = input.mailbox ? localMailbox(input.mailbox, now) : null;
  const email = input.email ?? local?.email ?? unconfiguredTransport.email;
  const sms = input.sms ?? local?.sms ?? unconfiguredTransport.sms;
  const tokens = createTokenKit(input.tokenSecret);
  const mail = createDrainer({
    db: input.db,
    email,
    sms,
    messages: input.messages ?? MESSAGES,
    tokens,
    publicUrl: input.config.publicUrl,
    now,
    log,
    leaseMs: input.outboxLeaseMs,
  });
  const webhooks = createWebhookDrainer({
    db: input.db,
    tokens,
    now,
    log,
    localMode: input.config.localMode,
    fetch: input.fetch,
  });
  // One kick drives both: every place that drains the outbox (after responses, the maintenance
  // pass, the Node timer) delivers webhooks too.
  const outbox: Drainer = {
    drainOnce: mail.drainOnce,
    kick: () => Promise.all([mail.kick(), webhooks.kick()]).then(() => {}),
  };
  const background =
    input.background ??
    ((_c: Context, task: Promise<unknown>) => {
      task.catch((err: unknown) =>
        log(`background task failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    });
  const afterResponse = (c: Context, task: () => Promise<unknown>) => {
    const queue = (c as Context<AppEnv>).get('afterResponse');
    if (queue) queue.push(task);
    else background(c, task());
  };
  return {
    db: input.db,
    config: input.config,
    tokens,
    passwords: createPasswordHasher(input.scrypt, input.scryptParams),
    now,
    email,
    sms,
    mailbox: input.mailbox ?? null,
    rateLimiter: input.rateLimiter ?? memoryRateLimiter(),
    outbox,
    webhooks,
    // Per-client limits count an IPv6 client by its /64 (lib/client-address.ts).
    clientIp: (c) =>
      clientNetwork((input.clientIp ?? ((c) => c.req.header('cf-connecting-ip') ?? 'unknown'))(c)),
    background,
    afterResponse,
    deliverSoon: input.autoDeliver === false ? () => {} : (c) => afterResponse(c, outbox.kick),
    log,
  };
}
