/**
 * What only the Worker entry uses: its bindings parsed into services. The counterpart of
 * node-runtime.ts, and like it free of Node modules (no node:fs, node:crypto, file databases or
 * migrations here).
 *
 * - Database: Turso/libSQL over HTTP (Workers cannot open files). `@libsql/client/http` rather than
 *   `/web`: the same HTTP client without the WebSocket one, which a stateless Worker has no use for
 *   (about 18 KiB less in the bundle); `libsql://` URLs are spoken over HTTPS.
 * - Passwords: scrypt in plain JavaScript (@noble/hashes); WebAssembly cannot be compiled at run
 *   time in
 *   Workers and PBKDF2 is capped at 100,000 iterations there.
 * - Rate limits: counters in the database (`dbRateLimiter`). A limit must hold for every request
 *   whatever
 *   isolate or location serves it; in-memory counters are per isolate, and the Workers rate-limiting
 *   binding counts per Cloudflare location and only approximately, which would let a password guesser
 *   multiply their budget by spreading requests. The cost is one upsert per limited request.
 * - Delivery after a request runs in `waitUntil`, so mail leaves in seconds; the Cron Trigger
 *   drains
 *   whatever is left (features/maintenance/maintenance.ts).
 */
import { createClient } from '@libsql/client/http';
import { drizzle } from 'drizzle-orm/libsql/http';
import { createApp } from '../app';
import {
  abuseSettings,
  webhookSecrets,
  extensionOrigins,
  parseWorkerEnv,
  type WorkerEnv,
} from '../config';
import { schema, type Db } from '../db/client';
import { dbRateLimiter } from '../lib/rate-limit';
import type { Services } from '../env';
import { nobleScrypt } from '../lib/password';
import { resendTransport } from '../mail/resend';
import { twilioSmsTransport } from '../mail/sms-twilio';
import type { SmsTransport } from '../mail/transport';
import { unconfiguredTransport } from '../mail/unconfigured';
import { createServices } from '../services';

export interface WorkerRuntime {
  env: WorkerEnv;
  services: Services;
  app: ReturnType<typeof createApp>;
}

export interface WorkerRuntimeOptions {
  log?: (line: string) => void;
}

/**
 * SMS through the provider when one is configured. Otherwise every SMS fails for good with a
 * recorded reason (mail/unconfigured.ts): a Worker has no local mailbox to fall back on (its memory
 * is per isolate, and /dev/mail would publish set-password links).
 */
function smsTransport(env: WorkerEnv): SmsTransport {
  if (env.SMS_PROVIDER === 'twilio') {
    // parseWorkerEnv has checked that the account, token and sender come with the provider.
    return twilioSmsTransport({
      accountSid: env.SMS_ACCOUNT_SID!,
      authToken: env.SMS_AUTH_TOKEN!,
      from: env.SMS_FROM!,
      baseUrl: env.SMS_BASE_URL,
    });
  }
  return unconfiguredTransport.sms;
}

/**
 * Builds the services and the app from the Worker's bindings; throws an error naming any bad
 * binding.
 */
export async function createWorkerRuntime(
  bindings: object,
  opts: WorkerRuntimeOptions = {},
): Promise<WorkerRuntime> {
  const env = parseWorkerEnv(bindings);
  const log = opts.log ?? ((line: string) => console.log(line));
  const client = createClient(
    env.DATABASE_AUTH_TOKEN
      ? { url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }
      : { url: env.DATABASE_URL },
  );
  const db: Db = drizzle(client, { schema });
  const services = createServices({
    db,
    // Never local mode: a Worker has no local mailbox, and answers only PUBLIC_URL's host
    // (http/middleware/host.ts).
    config: {
      publicUrl: env.PUBLIC_URL,
      extensionOrigins: extensionOrigins(env),
      localMode: false,
      ...abuseSettings(env),
      webhooks: webhookSecrets(env),
    },
    tokenSecret: env.TOKEN_SECRET,
    scrypt: await nobleScrypt(),
    email: resendTransport({
      apiKey: env.RESEND_API_KEY,
      from: env.MAIL_FROM,
      baseUrl: env.RESEND_BASE_URL,
    }),
    sms: smsTransport(env),
    rateLimiter: dbRateLimiter(db),
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    background: (c, task) =>
      c.executionCtx.waitUntil(
        task.catch((err: unknown) =>
          log(`background task failed: ${err instanceof Error ? err.message : String(err)}`),
        ),
      ),
    outboxLeaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
    log,
  });
  return { env, services, app: createApp(services) };
}
