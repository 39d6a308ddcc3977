/**
 * `npm start`: the app on Node with an embedded libSQL file, migrations applied, the first
 * organization and owner created on an empty database. In local mode (config.ts `localMode`: no
 * provider, a loopback PUBLIC_URL) e-mail and SMS go to the local mailbox; otherwise each goes
 * through its provider or fails with a recorded reason.
 */
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { dirname, join, resolve } from 'node:path';
import { createApp } from '../app';
import { ensureFirstOrganization } from '../bootstrap';
import {
  abuseSettings,
  webhookSecrets,
  extensionOrigins,
  localMode,
  parseEnv,
  type LocalMode,
} from '../config';
import { runMaintenance } from '../features/maintenance/maintenance';
import { clientAddress } from '../lib/client-address';
import { resendTransport } from '../mail/resend';
import { twilioSmsTransport } from '../mail/sms-twilio';
import { createServices } from '../services';
import { nodeHelp } from './node-help';
import { withBodyHygiene } from './node-http';
import { listenProblem } from './node-port';
import {
  databaseFilePath,
  fileMailboxStore,
  localTokenSecret,
  nodeScrypt,
  openDatabase,
} from './node-runtime';

/**
 * The startup lines on the local mailbox and where e-mail and SMS go, given the providers' names
 * (if any).
 */
function deliveryLines(
  publicUrl: string,
  mode: LocalMode,
  providers: { email?: string; sms?: string },
): string[] {
  if (mode.on)
    return [
      `  local mailbox: on at ${publicUrl}/dev/mail`,
      `  mail:          to the local mailbox`,
      `  sms:           to the local mailbox`,
    ];
  const fails = (what: string, variable: string) =>
    `not configured (${variable}): every ${what} fails, with the reason on the person's invitation state`;
  return [
    `  local mailbox: off (${mode.why})`,
    `  mail:          ${providers.email ? `sent through ${providers.email}` : fails('e-mail', 'RESEND_API_KEY')}`,
    `  sms:           ${providers.sms ? `sent through ${providers.sms}` : fails('SMS', 'SMS_PROVIDER')}`,
  ];
}

async function main() {
  if (process.argv.includes('--help')) {
    console.log(nodeHelp());
    return;
  }
  const env = parseEnv(process.env);
  const dbPath = databaseFilePath(env.DATABASE_URL);
  const dataDir = dbPath ? dirname(resolve(dbPath)) : resolve('data');
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const { db, close, checkpoint } = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);

  // parseEnv has checked that MAIL_FROM comes with the key, and the account, token and sender with
  // the provider.
  const email = env.RESEND_API_KEY
    ? resendTransport({
        apiKey: env.RESEND_API_KEY,
        from: env.MAIL_FROM!,
        baseUrl: env.RESEND_BASE_URL,
      })
    : undefined;
  const sms =
    env.SMS_PROVIDER === 'twilio'
      ? twilioSmsTransport({
          accountSid: env.SMS_ACCOUNT_SID!,
          authToken: env.SMS_AUTH_TOKEN!,
          from: env.SMS_FROM!,
          baseUrl: env.SMS_BASE_URL,
        })
      : undefined;
  const mode = localMode({
    publicUrl,
    email: email !== undefined,
    sms: sms !== undefined,
    listenHost: env.HOST,
    trustProxy: env.TRUST_PROXY,
  });
  const services = createServices({
    db,
    config: {
      publicUrl,
      extensionOrigins: extensionOrigins(env),
      localMode: mode.on,
      ...abuseSettings(env),
      webhooks: webhookSecrets(env),
    },
    tokenSecret: env.TOKEN_SECRET ?? (await localTokenSecret(join(dataDir, 'token-secret'))),
    scrypt: nodeScrypt,
    email,
    sms,
    mailbox: mode.on
      ? fileMailboxStore(env.MAILBOX_FILE ?? join(dataDir, 'mailbox.jsonl'))
      : undefined,
    clientIp: (c) =>
      clientAddress(
        getConnInfo(c).remote.address,
        c.req.header('x-forwarded-for'),
        env.TRUST_PROXY,
      ),
    outboxLeaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
  });
  const first = await ensureFirstOrganization(
    db,
    services.passwords,
    {
      orgName: env.ORG_NAME,
      email: env.OWNER_EMAIL,
      password: env.OWNER_PASSWORD,
      ownerName: env.OWNER_NAME,
    },
    services.now(),
  );

  const app = createApp(services);
  // Answers given before the request body was read close the connection cleanly (node-http.ts).
  const server = serve(
    { fetch: withBodyHygiene(app.fetch), port: env.PORT, hostname: env.HOST },
    (info) => {
      const lines = [
        `Invitations is running at ${publicUrl} (listening on ${info.address}:${info.port})`,
        `  database:      ${env.DATABASE_URL}`,
        first
          ? `  owner login:   ${first.email} / ${first.generated ? `${first.password}   (generated; shown this once)` : '(the OWNER_PASSWORD you set)'}`
          : `  owner login:   the organization already exists; sign in with its owner's account (password lost? ${publicUrl}/reset-password${mode.on ? ', then the link in /dev/mail' : ''})`,
        ...deliveryLines(publicUrl, mode, {
          email: email && 'Resend',
          sms: sms && env.SMS_PROVIDER,
        }),
        `  extension:     ${resolve('.output/chrome-mv3')} (load it unpacked in Chromium; Firefox: npm run build:extension:firefox, README)`,
      ];
      console.log(lines.join('\n'));
    },
  );

  // A port taken after scripts/start.ts looked (or by `tsx node.ts` run directly): one line, no
  // stack trace.
  server.once('error', (err: NodeJS.ErrnoException) => {
    void listenProblem(env.HOST, env.PORT, err.code ?? err.message).then((line) => {
      console.error(line);
      close();
      process.exit(1);
    });
  });

  void services.outbox.kick();
  const timer = setInterval(() => void services.outbox.kick(), 5_000);
  // What the Worker's Cron Trigger does: expire invitations, delete stale sessions and rows
  // (features/maintenance/maintenance.ts).
  const housekeeping = setInterval(() => void runMaintenance(services), 60_000);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    clearInterval(housekeeping);
    // Requests under way get up to 3 s; then the write-ahead log goes into the database file, so
    // copying the .db file alone after a clean stop copies everything (docs/OPERATIONS.md, "Backups").
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, 3_000);
    });
    try {
      await checkpoint();
    } catch (err) {
      console.error(
        `Could not checkpoint the database: ${err instanceof Error ? err.message : err}`,
      );
    }
    close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
